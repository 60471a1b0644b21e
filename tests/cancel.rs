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

/// A statement waiting on the server (here for a table another session
/// holds locked) is cancelled there, not waited out.
fn stops_a_statement_the_server_runs(fixture: &Fixture) {
    let url = fixture.db.as_ref().unwrap().url.clone();
    let (locked_tx, locked) = std::sync::mpsc::channel();
    let (release_tx, release) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let mut tx = client.transaction().unwrap();
        tx.batch_execute("LOCK TABLE categories IN ACCESS EXCLUSIVE MODE")
            .unwrap();
        locked_tx.send(()).unwrap();
        release.recv().unwrap();
        tx.rollback().unwrap();
    });
    locked.recv().unwrap();
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
    release_tx.send(()).unwrap();
    holder.join().unwrap();
    firing.join().unwrap();
    assert!(matches!(result, Err(StoreError::Cancelled)), "{result:?}");
    // Well before the lock was let go (that waits for this read's end).
    assert!(waited >= Duration::from_millis(200), "{waited:?}");
    let expected = fixture.read(|r| r.categories()).len();
    for _ in 0..12 {
        assert_eq!(fixture.read(|r| r.categories()).len(), expected);
    }
}
