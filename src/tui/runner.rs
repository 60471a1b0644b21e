//! Runs effects on tokio tasks and sends their results back as actions.
//! The UI loop only hands effects over; it never waits for one.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;

use super::action::{Action, Effect, SignInChoice};
use super::call::Lane;
use super::journal::Journal;
use crate::domain::Actor;
use crate::i18n::I18n;
use crate::service::rules::MailWorker;
use crate::service::{Credentials, Gateway, LocalService, Session};
use crate::store::OpenMode;

pub struct Runner {
    /// The signed-in person's session: everything after sign-in goes here.
    pub service: Option<Session>,
    /// The server or the store before sign-in (the training link).
    pub gateway: Option<Arc<dyn Gateway>>,
    /// A session opened by a background sign-in, taken up by [`Runner::signed_in`].
    pub opened: Arc<Mutex<Option<Session>>>,
    /// The embedded store, for first-run and sign-in (none with a server).
    pub local: LocalSlot,
    pub i18n: Arc<I18n>,
    pub tx: UnboundedSender<Action>,
    /// Where the data lives, naming this person's draft journal.
    pub location: String,
    pub journal: Option<Journal>,
    /// The journal's own thread, started on first use.
    pub journal_jobs: Option<std::sync::mpsc::Sender<Effect>>,
    /// The task following the session's changes.
    pub follower: Option<tokio::task::JoinHandle<()>>,
    /// The call running in each lane, cancelled when the next one comes.
    pub lanes: HashMap<Lane, tokio::task::AbortHandle>,
}

impl Drop for Runner {
    fn drop(&mut self) {
        if let Some(task) = self.follower.take() {
            task.abort();
        }
    }
}

/// The embedded store, opened on first use by a background task; while
/// it is open, its queued mail is sent from here.
#[derive(Clone, Default)]
pub struct LocalSlot {
    path: Option<PathBuf>,
    service: Arc<Mutex<Option<LocalService>>>,
    mail: Arc<Mutex<Option<MailWorker>>>,
}

impl LocalSlot {
    /// Call within the runtime.
    pub fn new(path: PathBuf, opened: Option<LocalService>) -> Self {
        let mail = opened.as_ref().map(LocalService::spawn_mail_worker);
        LocalSlot {
            path: Some(path),
            service: Arc::new(Mutex::new(opened)),
            mail: Arc::new(Mutex::new(mail)),
        }
    }

    fn get(&self) -> Option<LocalService> {
        self.service.lock().ok().and_then(|s| s.clone())
    }

    /// The store, opening it if needed. Blocking: call it from a blocking task.
    fn open(&self, mode: OpenMode, i18n: &I18n) -> Result<LocalService, String> {
        let mut slot = self.service.lock().map_err(|e| e.to_string())?;
        if let Some(local) = slot.as_ref() {
            return Ok(local.clone());
        }
        let path = self.path.as_ref().ok_or_else(|| "no store".to_string())?;
        let local = LocalService::open(path, mode).map_err(|e| i18n.store_error(&e))?;
        *slot = Some(local.clone());
        if let Ok(mut mail) = self.mail.lock() {
            *mail = Some(local.spawn_mail_worker());
        }
        Ok(local)
    }
}

impl Runner {
    /// Called when sign-in succeeded: from now on everything goes through `service`.
    pub fn signed_in(&mut self, actor: &Actor) {
        if let Some(session) = self.opened.lock().ok().and_then(|mut s| s.take()) {
            self.service = Some(session);
        }
        if let (None, Some(local)) = (&self.gateway, self.local.get()) {
            self.gateway = Some(Arc::new(local));
        }
        let journal = Journal::new(&Journal::default_dir(), &self.location, actor.account);
        self.journal = Some(journal.clone());
        let (tx, i18n) = (self.tx.clone(), Arc::clone(&self.i18n));
        tokio::task::spawn_blocking(move || {
            let pending = journal.pending();
            if !pending.is_empty() {
                let ids = pending
                    .iter()
                    .map(|id| format!("№ {id}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let _ = tx.send(Action::Notice(
                    i18n.tr("drafts-pending", &[("ids", ids.as_str().into())]),
                ));
            }
        });
    }

    /// Journal work, in order, on one thread of its own; a failure is told,
    /// never fatal.
    fn journal(&mut self, effect: Effect) {
        let Some(journal) = self.journal.clone() else {
            return;
        };
        let jobs = self.journal_jobs.get_or_insert_with(|| {
            let (jobs, queue) = std::sync::mpsc::channel::<Effect>();
            let tx = self.tx.clone();
            std::thread::spawn(move || {
                for effect in queue {
                    journal_job(&journal, effect, &tx);
                }
            });
            jobs
        });
        let _ = jobs.send(effect);
    }
}

/// One journal write, removal or read.
fn journal_job(journal: &Journal, effect: Effect, tx: &UnboundedSender<Action>) {
    let result = match effect {
        Effect::JournalWrite { id, text } => journal.write(id, &text),
        Effect::JournalRemove { id } => journal.remove(id),
        Effect::JournalRead { id } => {
            let text = journal.read(id);
            let _ = tx.send(Action::JournalRead { id, text });
            Ok(())
        }
        _ => Ok(()),
    };
    if let Err(e) = result {
        tracing::warn!(error = %e, "draft journal");
        let _ = tx.send(Action::Notice(e.to_string()));
    }
}

impl Runner {
    /// Runs `job` on a blocking thread with the store (opened there if
    /// needed) and sends its action back; `failed` turns an opening error
    /// into the action to send instead.
    fn with_local(
        &self,
        mode: OpenMode,
        job: impl FnOnce(LocalService, &I18n) -> Action + Send + 'static,
        failed: impl FnOnce(String) -> Action + Send + 'static,
    ) {
        let (slot, i18n, tx) = (self.local.clone(), Arc::clone(&self.i18n), self.tx.clone());
        tokio::task::spawn_blocking(move || {
            let action = match slot.open(mode, &i18n) {
                Ok(local) => job(local, &i18n),
                Err(e) => failed(e),
            };
            let _ = tx.send(action);
        });
    }

    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Quit => {}
            Effect::Wake { token, after } => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(after).await;
                    let _ = tx.send(Action::Wake(token));
                });
            }
            Effect::Follow => {
                if let Some(task) = self.follower.take() {
                    task.abort();
                }
                if let Some(session) = self.service.clone() {
                    let tx = self.tx.clone();
                    self.follower = Some(tokio::spawn(super::live::follow(session, tx)));
                }
            }
            e @ (Effect::JournalWrite { .. }
            | Effect::JournalRemove { .. }
            | Effect::JournalRead { .. }) => self.journal(e),
            Effect::BuildDemo => {
                let progress_tx = self.tx.clone();
                self.with_local(
                    OpenMode::CreateIfMissing,
                    move |local, i18n| {
                        let opts = crate::demo::DemoOptions::default();
                        let result = crate::demo::build(local.store().as_ref(), &opts, &mut |p| {
                            let _ = progress_tx.send(Action::DemoProgress(i18n.demo_progress(&p)));
                        });
                        Action::DemoBuilt(result.map_err(|e| e.to_string()))
                    },
                    |e| Action::DemoBuilt(Err(e)),
                );
            }
            Effect::CreatePlatform {
                org_name,
                surname,
                first_name,
                email,
            } => self.with_local(
                OpenMode::CreateIfMissing,
                move |local, i18n| {
                    let result = local
                        .create_platform(&org_name, &surname, &first_name, &email)
                        .map(|e| e.to_string())
                        .map_err(|e| i18n.error(&e));
                    Action::PlatformCreated(result)
                },
                |e| Action::PlatformCreated(Err(e)),
            ),
            Effect::LoadSuggestions => self.with_local(
                OpenMode::Existing,
                |local, i18n| {
                    let result = local
                        .sign_in_suggestions()
                        .map(|list| {
                            list.into_iter()
                                .map(|s| SignInChoice {
                                    role: s.role,
                                    label: format!("{} — {}, {}", s.name, s.org_name, s.email),
                                    email: s.email,
                                })
                                .collect()
                        })
                        .map_err(|e| i18n.error(&e));
                    Action::Suggestions(result)
                },
                |e| Action::Suggestions(Err(e)),
            ),
            Effect::SignIn { email } => {
                let opened = Arc::clone(&self.opened);
                self.with_local(
                    OpenMode::Existing,
                    move |local, i18n| {
                        let result = tokio::runtime::Handle::current()
                            .block_on(local.sign_in(&Credentials::Email(email.clone())));
                        let result = result.map(|session| {
                            let _ = local.remember_actor(&email);
                            let actor = session.actor();
                            if let Ok(mut slot) = opened.lock() {
                                *slot = Some(session);
                            }
                            actor
                        });
                        Action::SignedIn(result.map_err(|e| i18n.error(&e)))
                    },
                    |e| Action::SignedIn(Err(e)),
                )
            }
            Effect::LoadTrainingUrl | Effect::ConfirmTraining => self.run_training(effect),
            Effect::Call { req, call } => {
                if let Some(service) = self.service.clone() {
                    let (tx, i18n) = (self.tx.clone(), Arc::clone(&self.i18n));
                    let lane = call.lane();
                    let task = tokio::spawn(super::call::perform(service, req, call, tx, i18n));
                    // Dropped, the superseded call's future cancels its read
                    // in the store, or closes its request to the server.
                    if let Some(earlier) =
                        lane.and_then(|l| self.lanes.insert(l, task.abort_handle()))
                    {
                        earlier.abort();
                    }
                }
            }
            Effect::CopyToClipboard(text) => {
                use base64::Engine;
                use std::io::Write;
                let encoded = base64::engine::general_purpose::STANDARD.encode(text);
                let mut out = std::io::stdout().lock();
                let _ = write!(out, "\x1b]52;c;{encoded}\x07");
                let _ = out.flush();
            }
            Effect::SaveFile { path, bytes, saved } => {
                let (tx, i18n) = (self.tx.clone(), Arc::clone(&self.i18n));
                tokio::task::spawn_blocking(move || {
                    let notice = match crate::app::write_file(std::path::Path::new(&path), &bytes) {
                        Ok(()) => i18n.tr(saved, &[("path", path.as_str().into())]),
                        Err(e) => e.localized(&i18n),
                    };
                    let _ = tx.send(Action::Notice(notice));
                });
            }
        }
    }

    /// The training step: the signed-in person is not yet trained, so only
    /// these two calls are open to them.
    fn run_training(&self, effect: Effect) {
        let (Some(service), Some(gateway)) = (self.service.clone(), self.gateway.clone()) else {
            return;
        };
        let (tx, i18n) = (self.tx.clone(), Arc::clone(&self.i18n));
        tokio::spawn(async move {
            let action = match effect {
                Effect::ConfirmTraining => {
                    Action::SignedIn(service.confirm_training().await.map_err(|e| i18n.error(&e)))
                }
                _ => match gateway.training_url().await {
                    Ok(url) => Action::TrainingUrl(url),
                    Err(e) => Action::Notice(i18n.error(&e)),
                },
            };
            let _ = tx.send(action);
        });
    }
}
