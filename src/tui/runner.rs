//! Runs effects on tokio tasks and sends their results back as actions.
//! The UI loop only hands effects over; it never waits for one.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use super::action::{Action, Effect, SignInChoice};
use crate::domain::Actor;
use crate::i18n::I18n;
use crate::service::{Credentials, LocalService, Service};
use crate::store::OpenMode;

pub struct Runner {
    pub service: Option<Arc<dyn Service>>,
    pub actor: Option<Actor>,
    /// The embedded store, for first-run and sign-in (none with a server).
    pub store_path: Option<PathBuf>,
    pub local: Option<LocalService>,
    pub i18n: Arc<I18n>,
    pub tx: UnboundedSender<Action>,
}

impl Runner {
    /// Called when sign-in succeeded: from now on everything goes through `service`.
    pub fn signed_in(&mut self, actor: &Actor) {
        if let (None, Some(local)) = (&self.service, &self.local) {
            self.service = Some(Arc::new(local.clone()));
        }
        self.actor = Some(actor.clone());
    }

    fn local(&mut self, mode: OpenMode) -> Result<LocalService, String> {
        if let Some(local) = &self.local {
            return Ok(local.clone());
        }
        let path = self
            .store_path
            .clone()
            .ok_or_else(|| "no store".to_string())?;
        let local =
            LocalService::open(&path, mode).map_err(|e| crate::cli::store_error(&self.i18n, &e))?;
        self.local = Some(local.clone());
        Ok(local)
    }

    pub fn run(&mut self, effect: Effect) {
        let tx = self.tx.clone();
        let i18n = Arc::clone(&self.i18n);
        let send = move |a: Action| {
            let _ = tx.send(a);
        };
        match effect {
            Effect::Quit => {}
            Effect::BuildDemo => match self.local(OpenMode::CreateIfMissing) {
                Ok(local) => {
                    let store = Arc::clone(local.store());
                    let progress_tx = self.tx.clone();
                    tokio::task::spawn_blocking(move || {
                        let opts = crate::demo::DemoOptions::default();
                        let result = crate::demo::build(&store, &opts, &mut |p| {
                            let _ = progress_tx
                                .send(Action::DemoProgress(crate::cli::demo_progress(&i18n, &p)));
                        });
                        send(Action::DemoBuilt(result.map_err(|e| e.to_string())));
                    });
                }
                Err(e) => send(Action::DemoBuilt(Err(e))),
            },
            Effect::CreatePlatform {
                org_name,
                surname,
                first_name,
                email,
            } => match self.local(OpenMode::CreateIfMissing) {
                Ok(local) => {
                    tokio::task::spawn_blocking(move || {
                        let result = local
                            .create_platform(&org_name, &surname, &first_name, &email)
                            .map(|e| e.to_string())
                            .map_err(|e| i18n.error(&e));
                        send(Action::PlatformCreated(result));
                    });
                }
                Err(e) => send(Action::PlatformCreated(Err(e))),
            },
            Effect::LoadSuggestions => match self.local(OpenMode::Existing) {
                Ok(local) => {
                    tokio::task::spawn_blocking(move || {
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
                        send(Action::Suggestions(result));
                    });
                }
                Err(e) => send(Action::Suggestions(Err(e))),
            },
            Effect::SignIn { email } => match self.local(OpenMode::Existing) {
                Ok(local) => {
                    tokio::spawn(async move {
                        let result = local.sign_in(&Credentials::Email(email.clone())).await;
                        if result.is_ok() {
                            let _ = local.remember_actor(&email);
                        }
                        send(Action::SignedIn(result.map_err(|e| i18n.error(&e))));
                    });
                }
                Err(e) => send(Action::SignedIn(Err(e))),
            },
            other => self.run_service(other),
        }
    }

    /// Effects that are Service calls as the signed-in actor.
    fn run_service(&self, effect: Effect) {
        let (Some(service), Some(actor)) = (self.service.clone(), self.actor.clone()) else {
            return;
        };
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let action = match effect {
                Effect::LoadChildren { req, parent } => Action::ChildrenLoaded {
                    req,
                    parent,
                    result: service.org_children(&actor, parent).await,
                },
                Effect::LoadAncestors { req, org } => Action::AncestorsLoaded {
                    req,
                    result: service.org_ancestors(&actor, org).await,
                },
                Effect::SearchOrgs { req, text } => Action::OrgSearchLoaded {
                    req,
                    result: service.search_orgs(&actor, &text, 200).await,
                },
                Effect::LoadAccounts {
                    req,
                    org,
                    query,
                    append,
                } => Action::AccountsLoaded {
                    req,
                    append,
                    result: service.accounts(&actor, org, &query).await,
                },
                Effect::LoadMessages { req, query, append } => Action::MessagesLoaded {
                    req,
                    append,
                    result: service.messages(&actor, &query).await,
                },
                Effect::LoadCounts { req, org } => Action::CountsLoaded {
                    req,
                    result: service.message_counts(&actor, org).await,
                },
                Effect::LoadMessage { req, id } => Action::MessageLoaded {
                    req,
                    result: Box::new(service.message(&actor, id).await),
                },
                _ => return,
            };
            let _ = tx.send(action);
        });
    }
}
