//! The change feed under load: a writer assigning messages in batches at a
//! steady rate through a real `otklik serve` process, and N clients
//! following `GET /api/v1/events`. Reports the events committed and
//! delivered per second, the time from the write's request to each
//! follower having the event (median, p99), and the server's CPU per event
//! — beside the same writes with no follower (the floor).
//!
//!   cargo bench --bench feed            (1,000 events/s, 50 followers, 10 s)
//!   FEED_RATE=2000 FEED_FOLLOWERS=100 FEED_SECONDS=20 cargo bench --bench feed
//!
//! The store is the demo's (66 organisations, 3,000 messages) in a fresh
//! file; with `FEED_DATABASE=postgres://…` an empty database instead.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use otklik::demo::{DemoOptions, build};
use otklik::domain::change::{Change, FeedItem};
use otklik::domain::{Act, MessageId, MessageStatus, OrgId, Role};
use otklik::service::{Credentials, Gateway, LocalService, MessageQuery, RemoteService, Session};
use otklik::store::{AnyStore, Database, OpenMode, Reader};

/// Messages per write request (one transaction, one change each).
const BATCH: usize = 10;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// CPU seconds the process has used (user + system), from /proc.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command's closing parenthesis; utime and stime
    // are the 12th and 13th of them, in clock ticks (100 a second on Linux).
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

struct Server {
    child: std::process::Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(store_args: &[String]) -> Server {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("its address");
    drop(listener);
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_otklik"))
        .args(store_args)
        .args(["serve", "--listen", &addr.to_string()])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server starts");
    while std::net::TcpStream::connect(addr).is_err() {
        std::thread::sleep(Duration::from_millis(50));
    }
    Server {
        child,
        url: format!("http://{addr}"),
    }
}

/// The organisation with the most open messages, and its coordinator.
fn busiest_coordinator(store: &AnyStore) -> String {
    let today = chrono::Local::now().date_naive();
    store
        .read(|r: &dyn Reader| {
            let mut best: Option<(u64, OrgId)> = None;
            let mut level = vec![None];
            while let Some(parent) = level.pop() {
                for node in r.org_children(parent, today, false)? {
                    let open = node.counts.new + node.counts.in_work;
                    if best.is_none_or(|(n, _)| open > n) {
                        best = Some((open, node.id));
                    }
                    level.push(Some(node.id));
                }
            }
            let (_, org) = best.expect("organisations");
            let (accounts, _) = r.accounts_page(org, None, None, 500)?;
            Ok::<_, otklik::store::StoreError>(
                accounts
                    .into_iter()
                    .find(|a| {
                        a.roles.has(Role::Coordinator)
                            && a.status == otklik::domain::AccountStatus::Confirmed
                    })
                    .map(|a| a.email.to_string()),
            )
        })
        .expect("the store reads")
        .expect("a coordinator there")
}

struct Run {
    committed: u64,
    delivered: u64,
    seconds: f64,
    latencies: Vec<Duration>,
    /// How long each write request took to be answered.
    writes: Vec<Duration>,
    server_cpu: f64,
}

async fn run(
    server: &Server,
    token: &str,
    org: OrgId,
    followers: usize,
    rate: u64,
    seconds: u64,
) -> Run {
    let session = |token: String| {
        let url = server.url.clone();
        async move {
            RemoteService::new(&url, &token)
                .expect("a client")
                .sign_in(&Credentials::Token(token))
                .await
                .expect("signed in")
        }
    };
    let writer: Session = session(token.to_string()).await;
    let mut query = MessageQuery::for_org(org);
    query.statuses = vec![MessageStatus::New, MessageStatus::InWork];
    query.limit = 500;
    let page = writer.messages(&query).await.expect("the queue");
    let mut versions: Vec<(MessageId, i64)> =
        page.items.iter().map(|m| (m.id, m.version)).collect();
    assert!(versions.len() >= BATCH, "too few open messages");
    let executors: Vec<_> = writer
        .executor_choices(versions[0].0)
        .await
        .expect("executors")
        .into_iter()
        .map(|c| c.account.id)
        .collect();
    assert!(!executors.is_empty(), "no executor");

    // (message, version) → when the request that made it was sent.
    let sent: Arc<Mutex<HashMap<(i64, i64), Instant>>> = Arc::default();
    let latencies: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let delivered = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..followers {
        let follower = session(token.to_string()).await;
        let mut feed = follower.follow(None).await.expect("following");
        let (sent, latencies, delivered) = (
            Arc::clone(&sent),
            Arc::clone(&latencies),
            Arc::clone(&delivered),
        );
        tasks.push(tokio::spawn(async move {
            let _keep = follower;
            while let Some(Ok(item)) = feed.next().await {
                let at = Instant::now();
                if let FeedItem::Change {
                    change: Change::Message { id, version, .. },
                    ..
                } = item
                {
                    delivered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let sent_at = sent.lock().expect("lock").get(&(id.0, version)).copied();
                    if let Some(s) = sent_at {
                        latencies.lock().expect("lock").push(at - s);
                    }
                }
            }
        }));
    }
    let cpu_before = cpu_seconds(server.child.id());
    let started = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_secs_f64(BATCH as f64 / rate as f64));
    let mut committed = 0u64;
    let mut writes = Vec::new();
    let mut next = 0usize;
    let mut round = 0usize;
    while started.elapsed() < Duration::from_secs(seconds) {
        tick.tick().await;
        let items: Vec<(MessageId, i64)> = (0..BATCH)
            .map(|i| versions[(next + i) % versions.len()])
            .collect();
        next = (next + BATCH) % versions.len();
        round += 1;
        let act = Act::Assign {
            executor: executors[round % executors.len()],
        };
        let now = Instant::now();
        {
            let mut sent = sent.lock().expect("lock");
            for (id, v) in &items {
                sent.insert((id.0, v + 1), now);
            }
        }
        let report = writer.act_many(&items, &act).await.expect("the write");
        writes.push(now.elapsed());
        for id in report.done {
            committed += 1;
            if let Some(entry) = versions.iter_mut().find(|(m, _)| *m == id) {
                entry.1 += 1;
            }
        }
    }
    // The last events reach everyone.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seconds = started.elapsed().as_secs_f64();
    let server_cpu = cpu_seconds(server.child.id()) - cpu_before;
    for t in tasks {
        t.abort();
    }
    let latencies = std::mem::take(&mut *latencies.lock().expect("lock"));
    Run {
        committed,
        delivered: delivered.load(std::sync::atomic::Ordering::Relaxed),
        seconds,
        latencies,
        writes,
        server_cpu,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn report(label: &str, run: &mut Run) {
    run.latencies.sort();
    run.writes.sort();
    let per_event = run.server_cpu * 1e6 / run.committed.max(1) as f64;
    println!(
        "{label}: {:.0} events/s committed, {:.0} deliveries/s; the write answered in median {:.1} ms; \
         request → follower median {:.1} ms, p99 {:.1} ms; server CPU {:.0} µs per event ({:.0}% of a core)",
        run.committed as f64 / run.seconds,
        run.delivered as f64 / run.seconds,
        percentile(&run.writes, 0.5).as_secs_f64() * 1e3,
        percentile(&run.latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&run.latencies, 0.99).as_secs_f64() * 1e3,
        per_event,
        run.server_cpu / run.seconds * 100.0,
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a test run (`cargo test --benches`) does not bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rate = env_or("FEED_RATE", 1_000);
    let followers = env_or("FEED_FOLLOWERS", 50) as usize;
    let seconds = env_or("FEED_SECONDS", 10);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (location, store_args) = match std::env::var("FEED_DATABASE") {
        Ok(url) => (url.clone(), vec!["--database".to_string(), url]),
        Err(_) => {
            let path = dir.path().join("feed.db").display().to_string();
            (path.clone(), vec!["--store".to_string(), path])
        }
    };
    let store = AnyStore::open(&location, OpenMode::CreateIfMissing).expect("the store opens");
    build(&store, &DemoOptions::default(), &mut |_| {}).expect("the demo data");
    let email = busiest_coordinator(&store);
    let local = LocalService::new(Arc::new(store));
    let token = local.issue_token(&email).expect("a token");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let org = runtime.block_on(async {
        local
            .sign_in(&Credentials::Email(email.clone()))
            .await
            .expect("signed in")
            .actor()
            .org
    });
    let server = serve(&store_args);
    println!("{rate} events/s asked, {BATCH} per request, {seconds} s, store {location}");
    runtime.block_on(async {
        let mut floor = run(&server, &token, org, 0, rate, seconds).await;
        report("no follower (floor)", &mut floor);
        let mut loaded = run(&server, &token, org, followers, rate, seconds).await;
        report(&format!("{followers} followers"), &mut loaded);
        let extra = (loaded.server_cpu - floor.server_cpu) * 1e6 / loaded.delivered.max(1) as f64;
        println!("server CPU per delivery, above the floor: {extra:.1} µs");
    });
}
