//! The region-sized store the benchmarks run on: 5,000 organisations and
//! 1,000,000 messages, built once with the demo generator and kept in
//! `target/` (or `OTKLIK_BENCH_STORE`), then reused.

use std::path::PathBuf;
use std::sync::Arc;

use otklik::demo::{DemoOptions, build};
use otklik::store::{AnyStore, OpenMode, Store};

pub fn bench_store() -> Arc<AnyStore> {
    let path = std::env::var_os("OTKLIK_BENCH_STORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/otklik-bench-1m.db")
        });
    let messages: u32 = std::env::var("OTKLIK_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let store = Store::open(&path, OpenMode::CreateIfMissing).expect("bench store opens");
    if store.is_empty().expect("bench store readable") {
        eprintln!(
            "building the benchmark store at {} ({messages} messages)…",
            path.display()
        );
        let opts = DemoOptions {
            orgs: 5000,
            messages,
            seed: 1,
            ..Default::default()
        };
        build(&store, &opts, &mut |_| {}).expect("demo data builds");
    }
    Arc::new(store.into())
}
