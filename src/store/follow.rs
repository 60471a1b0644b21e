//! Following the changes: the id of the latest committed change a store
//! knows of, kept current by one watcher thread per store that learns of
//! commits made anywhere — this process, another process on the same file,
//! another server process on the same database.
//!
//! Each store brings its own way of noticing (`PRAGMA data_version` on a
//! file, `LISTEN` on PostgreSQL); this module is what they share: the
//! value, its subscribers, and a nudge after this process's own commits.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tokio::sync::watch;

/// The latest change id, for everyone following one store.
pub struct Follower {
    latest: watch::Sender<i64>,
    wake: Mutex<Option<SyncSender<()>>>,
}

impl std::fmt::Debug for Follower {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Follower")
            .field("latest", &*self.latest.borrow())
            .finish()
    }
}

/// What a watcher thread gets: the follower while the store lives, and the
/// nudges of this process's commits.
pub struct Watcher {
    follower: Weak<Follower>,
    wake: Receiver<()>,
}

/// What a watcher's wait ended with.
#[derive(Debug, PartialEq, Eq)]
pub enum Woken {
    /// This process committed something.
    Nudged,
    /// The wait ran out: look anyway.
    Timeout,
    /// The store is gone: stop.
    Gone,
}

impl Watcher {
    /// Waits at most `timeout` for a nudge.
    pub fn wait(&self, timeout: Duration) -> Woken {
        match self.wake.recv_timeout(timeout) {
            Ok(()) => {
                // A burst of commits is one look.
                while self.wake.try_recv().is_ok() {}
                Woken::Nudged
            }
            Err(RecvTimeoutError::Timeout) if self.follower.strong_count() > 0 => Woken::Timeout,
            Err(_) => Woken::Gone,
        }
    }

    /// Tells the followers that changes up to `id` are committed; false
    /// when the store is gone.
    pub fn publish(&self, id: i64) -> bool {
        match self.follower.upgrade() {
            Some(f) => {
                f.publish(id);
                true
            }
            None => false,
        }
    }

    pub fn alive(&self) -> bool {
        self.follower.strong_count() > 0
    }
}

impl Follower {
    pub fn new() -> Arc<Follower> {
        Arc::new(Follower {
            latest: watch::Sender::new(0),
            wake: Mutex::new(None),
        })
    }

    /// The latest id, following it; the watcher (`run`, on its own thread)
    /// starts with the first subscriber.
    pub fn subscribe(
        self: &Arc<Self>,
        run: impl FnOnce(Watcher) + Send + 'static,
    ) -> watch::Receiver<i64> {
        let mut wake = self.wake.lock().unwrap_or_else(|p| p.into_inner());
        if wake.is_none() {
            let (tx, rx) = mpsc::sync_channel(1);
            let watcher = Watcher {
                follower: Arc::downgrade(self),
                wake: rx,
            };
            let started = std::thread::Builder::new()
                .name("otklik-changes".into())
                .spawn(move || run(watcher));
            match started {
                Ok(_) => *wake = Some(tx),
                Err(e) => tracing::error!(error = %e, "cannot start following the store's changes"),
            }
        }
        self.latest.subscribe()
    }

    /// After this process committed: look now rather than at the next poll.
    pub fn nudge(&self) {
        if let Some(wake) = &*self.wake.lock().unwrap_or_else(|p| p.into_inner()) {
            // A full channel already holds a nudge.
            let _ = wake.try_send(());
        }
    }

    fn publish(&self, id: i64) {
        self.latest.send_if_modified(|latest| {
            // A store started over (copied, recreated) goes back: followers
            // compare and read everything again.
            let changed = *latest != id;
            *latest = id;
            changed
        });
    }
}
