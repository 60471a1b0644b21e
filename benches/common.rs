//! The region-sized store the benchmarks run on: 5,000 organisations and
//! 1,000,000 messages, built once with the demo generator and kept in
//! `target/` (or `OTKLIK_BENCH_STORE`), then reused. With
//! `OTKLIK_BENCH_DATABASE=postgres://…` the same data in PostgreSQL.

use std::path::PathBuf;
use std::sync::Arc;

use otklik::demo::{DemoOptions, build};
use otklik::store::{AnyStore, Database, OpenMode, Store};

/// The database the benchmarks run on instead of the file, if any.
fn database() -> Option<String> {
    std::env::var("OTKLIK_BENCH_DATABASE").ok()
}

pub fn bench_store() -> Arc<AnyStore> {
    if let Some(url) = database() {
        let store = AnyStore::open(&url, OpenMode::CreateIfMissing).expect("bench database opens");
        fill(&store, &url);
        return Arc::new(store);
    }
    let path = std::env::var_os("OTKLIK_BENCH_STORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/otklik-bench-1m.db")
        });
    let store: AnyStore = Store::open(&path, OpenMode::CreateIfMissing)
        .expect("bench store opens")
        .into();
    fill(&store, &path.display().to_string());
    Arc::new(store)
}

/// The demo data at region size, unless the store holds it already.
fn fill(store: &AnyStore, location: &str) {
    let messages: u32 = std::env::var("OTKLIK_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    if store.read(|r| r.org_count()).expect("bench store readable") > 0 {
        return;
    }
    eprintln!("building the benchmark store at {location} ({messages} messages)…");
    let opts = DemoOptions {
        orgs: 5000,
        messages,
        seed: 1,
        ..Default::default()
    };
    build(store, &opts, &mut |_| {}).expect("demo data builds");
}

/// The rows `sql` selects (its `?1`, `?2`, … are `args`), every column as
/// text: the raw queries that pick what to measure, on either store.
#[allow(dead_code)] // not every benchmark picks
pub fn rows(store: &AnyStore, sql: &str, args: &[i64]) -> Vec<Vec<String>> {
    let mut text = sql.to_string();
    for (i, a) in args.iter().enumerate().rev() {
        text = text.replace(&format!("?{}", i + 1), &a.to_string());
    }
    match store.sqlite() {
        Some(s) => {
            let conn = s.reader();
            let mut stmt = conn.prepare(&text).expect("a bench query");
            let n = stmt.column_count();
            stmt.query_map([], |r| {
                (0..n)
                    .map(|i| {
                        Ok(match r.get::<_, rusqlite::types::Value>(i)? {
                            rusqlite::types::Value::Integer(v) => v.to_string(),
                            rusqlite::types::Value::Text(t) => t,
                            other => format!("{other:?}"),
                        })
                    })
                    .collect()
            })
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows")
        }
        None => {
            let url = database().expect("a bench database");
            let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
            client
                .simple_query(&text)
                .expect("a bench query")
                .into_iter()
                .filter_map(|m| match m {
                    postgres::SimpleQueryMessage::Row(r) => Some(
                        (0..r.len())
                            .map(|i| r.get(i).unwrap_or_default().to_string())
                            .collect(),
                    ),
                    _ => None,
                })
                .collect()
        }
    }
}
