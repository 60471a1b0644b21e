//! Work nobody waits for any more stops.
//!
//! A read is given a [`Cancel`]; whoever waits for it fires the cancel when
//! it stops waiting (a client that went away, an answer superseded by the
//! next keystroke). The store then stops the statement running and runs no
//! next one: SQLite by a progress handler that interrupts, PostgreSQL by the
//! server's cancel request. The read ends with [`StoreError::Cancelled`].
//!
//! [`StoreError::Cancelled`]: super::StoreError::Cancelled

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

type Hook = Box<dyn FnOnce() + Send>;

/// A flag shared by the one who waits and the work it waits for.
#[derive(Clone, Default)]
pub struct Cancel(Arc<Inner>);

#[derive(Default)]
struct Inner {
    fired: AtomicBool,
    /// How the store stops the statement it is running now.
    hook: Mutex<Option<Hook>>,
}

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cancel")
            .field("fired", &self.is_fired())
            .finish()
    }
}

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }

    /// Nobody waits any more: the store's hook runs (once), and the work
    /// runs no further statement.
    pub fn fire(&self) {
        if self.0.fired.swap(true, Ordering::SeqCst) {
            return;
        }
        let hook = self.lock().take();
        if let Some(hook) = hook {
            hook();
        }
    }

    pub fn is_fired(&self) -> bool {
        self.0.fired.load(Ordering::SeqCst)
    }

    /// While the returned guard lives, firing also runs `hook`. `None` when
    /// the cancel has fired already (the work should not start).
    pub fn on_fire(&self, hook: impl FnOnce() + Send + 'static) -> Option<Hooked<'_>> {
        *self.lock() = Some(Box::new(hook));
        // Fired before the hook was in place: it will not run, so say so.
        if self.is_fired() {
            self.lock().take();
            return None;
        }
        Some(Hooked(self))
    }

    /// A guard that fires this cancel when dropped before [`FireOnDrop::disarm`]:
    /// held by the future that waits for the work.
    pub fn fire_on_drop(&self) -> FireOnDrop {
        FireOnDrop(Some(self.clone()))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Hook>> {
        self.0.hook.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The store's hook is in place until this is dropped.
pub struct Hooked<'c>(&'c Cancel);

impl Drop for Hooked<'_> {
    fn drop(&mut self) {
        self.0.lock().take();
    }
}

/// Fires its cancel when dropped, unless disarmed first.
pub struct FireOnDrop(Option<Cancel>);

impl FireOnDrop {
    /// The work was waited for to its end.
    pub fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for FireOnDrop {
    fn drop(&mut self) {
        if let Some(cancel) = self.0.take() {
            cancel.fire();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn counting(runs: &Arc<AtomicUsize>) -> impl FnOnce() + Send + 'static {
        let runs = Arc::clone(runs);
        move || {
            runs.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn firing_runs_the_hook_in_place_once() {
        let cancel = Cancel::new();
        let runs = Arc::new(AtomicUsize::new(0));
        let hooked = cancel.on_fire(counting(&runs)).expect("not fired yet");
        cancel.fire();
        cancel.fire();
        drop(hooked);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert!(cancel.is_fired());
    }

    #[test]
    fn a_hook_taken_away_does_not_run() {
        let cancel = Cancel::new();
        let runs = Arc::new(AtomicUsize::new(0));
        drop(cancel.on_fire(counting(&runs)));
        cancel.fire();
        assert_eq!(runs.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn work_asked_after_firing_is_refused() {
        let cancel = Cancel::new();
        cancel.fire();
        let runs = Arc::new(AtomicUsize::new(0));
        assert!(cancel.on_fire(counting(&runs)).is_none());
        assert_eq!(runs.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn the_guard_fires_when_dropped_and_not_when_disarmed() {
        let dropped = Cancel::new();
        drop(dropped.fire_on_drop());
        assert!(dropped.is_fired());
        let waited = Cancel::new();
        waited.fire_on_drop().disarm();
        assert!(!waited.is_fired());
    }
}
