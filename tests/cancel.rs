//! A read whose cancel fires stops in the store, on both backends: the
//! statement running is interrupted and no next one runs; the store then
//! serves the next reads as before.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::time::Duration;

use common::Fixture;
use otklik::store::{Cancel, Database, StoreError};

/// More reads than a cancel fired after 20 ms could ever let through.
const BOUND: u32 = 1_000_000;

fn stops_when_fired(fixture: &Fixture) {
    let store = fixture.service.store();
    let cancel = Cancel::new();
    let firing = {
        let cancel = cancel.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            cancel.fire();
        })
    };
    let mut reads = 0u32;
    let result = common::pg::off_runtime(|| {
        store.read_cancellable(&cancel, |r| -> Result<(), StoreError> {
            while reads < BOUND {
                r.categories()?;
                reads += 1;
            }
            Ok(())
        })
    });
    firing.join().unwrap();
    assert!(
        matches!(result, Err(StoreError::Cancelled)),
        "after {reads} reads: {result:?}"
    );
    assert!(reads > 0, "the read ran before the cancel fired");

    // Whatever connection served it serves the next ones as before.
    let expected = fixture.read(|r| r.categories()).len();
    for _ in 0..12 {
        assert_eq!(fixture.read(|r| r.categories()).len(), expected);
    }
    assert!(expected > 0);
}

fn refused_when_fired_before(fixture: &Fixture) {
    let cancel = Cancel::new();
    cancel.fire();
    let mut ran = false;
    let result = common::pg::off_runtime(|| {
        fixture
            .service
            .store()
            .read_cancellable(&cancel, |_| -> Result<(), StoreError> {
                ran = true;
                Ok(())
            })
    });
    assert!(matches!(result, Err(StoreError::Cancelled)), "{result:?}");
    assert!(!ran);
}

#[test]
fn embedded_read_stops_when_its_cancel_fires() {
    let fixture = Fixture::build();
    stops_when_fired(&fixture);
    refused_when_fired_before(&fixture);
}

#[test]
fn postgres_read_stops_when_its_cancel_fires() {
    let Some(db) = common::pg::TestDatabase::create() else {
        return;
    };
    let fixture = Fixture::build_in(Some(db));
    stops_when_fired(&fixture);
    refused_when_fired_before(&fixture);
    stops_a_statement_the_server_runs(&fixture);
}

/// A table held locked by a session of its own until released.
struct Locked {
    release: std::sync::mpsc::Sender<()>,
    holder: std::thread::JoinHandle<()>,
}

impl Locked {
    fn hold(url: &str, table: &str) -> Locked {
        let (url, table) = (url.to_string(), table.to_string());
        let (locked_tx, locked) = std::sync::mpsc::channel();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let holder = std::thread::spawn(move || {
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            let mut tx = client.transaction().unwrap();
            tx.batch_execute(&format!("LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
                .unwrap();
            locked_tx.send(()).unwrap();
            released.recv().unwrap();
            tx.rollback().unwrap();
        });
        locked.recv().unwrap();
        Locked { release, holder }
    }

    fn release(self) {
        self.release.send(()).unwrap();
        self.holder.join().unwrap();
    }
}

/// A statement waiting on the server (here for a table another session
/// holds locked) is cancelled there, not waited out.
fn stops_a_statement_the_server_runs(fixture: &Fixture) {
    let lock = Locked::hold(&fixture.db.as_ref().unwrap().url, "categories");
    let cancel = Cancel::new();
    let firing = {
        let cancel = cancel.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            cancel.fire();
        })
    };
    let started = std::time::Instant::now();
    let result = common::pg::off_runtime(|| {
        fixture
            .service
            .store()
            .read_cancellable(&cancel, |r| r.categories())
    });
    let waited = started.elapsed();
    lock.release();
    firing.join().unwrap();
    assert!(matches!(result, Err(StoreError::Cancelled)), "{result:?}");
    // Well before the lock was let go (that waits for this read's end).
    assert!(waited >= Duration::from_millis(200), "{waited:?}");
    let expected = fixture.read(|r| r.categories()).len();
    for _ in 0..12 {
        assert_eq!(fixture.read(|r| r.categories()).len(), expected);
    }
}

/// A request whose client goes away stops on the server: its read, waiting
/// for a table another session holds locked, is cancelled in the database
/// while the lock is still held, instead of waiting it out.
#[test]
fn a_request_its_client_gave_up_stops_in_the_database() {
    use std::io::Write;
    let Some(db) = common::pg::TestDatabase::create() else {
        return;
    };
    let url = db.url.clone();
    let fixture = Fixture::build_in(Some(db));
    let token = fixture
        .service
        .issue_token(&fixture.who.a_coordinator.email)
        .unwrap();
    let server = common::ServerProcess::start_with(&["--database", &url]);
    let db = fixture.db.as_ref().unwrap();
    let waiting = || {
        db.number(
            "SELECT count(*) FROM pg_stat_activity
             WHERE application_name = 'otklik' AND wait_event_type = 'Lock'",
        )
    };
    let until = |what: &str, done: &dyn Fn() -> bool| {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !done() {
            assert!(std::time::Instant::now() < deadline, "{what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };

    let lock = Locked::hold(&url, "messages");

    let address = server.url.trim_start_matches("http://").to_string();
    let mut client = std::net::TcpStream::connect(&address).unwrap();
    write!(
        client,
        "GET /api/v1/messages?org={}&limit=10 HTTP/1.1\r\nHost: {address}\r\n\
         Authorization: Bearer {token}\r\n\r\n",
        fixture.org.school_a.0
    )
    .unwrap();
    until("the request's read waits for the lock", &|| waiting() == 1);
    drop(client);
    until("the read given up no longer waits", &|| waiting() == 0);

    lock.release();
    drop(server);
}
