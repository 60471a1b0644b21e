//! The terminal client, Elm-style: input becomes an [`action::Action`],
//! [`update::update`] changes the [`state::State`] and returns effects,
//! [`runner::Runner`] performs them off the UI loop, [`view`] draws.
//!
//! - [`keymap`], [`theme`]: data from `assets/`, with the user's overrides
//! - [`state`], [`action`], [`update`]: the model and its only mutator
//! - [`runner`]: effects on tokio tasks, results back as actions
//! - [`view`]: one file per pane

pub mod acting;
pub mod action;
pub mod admin;
pub mod call;
pub mod context;
pub mod journal;
pub mod keymap;
mod live;
pub mod paged;
pub mod palette;
pub mod polls;
pub mod runner;
pub mod state;
pub mod theme;
pub mod update;
pub mod view;
pub mod views;

#[cfg(test)]
mod tests;

use std::io::stdout;
use std::sync::Arc;

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
use crossterm::execute;
use tokio::sync::mpsc;

use self::action::Action;
use self::keymap::Keymap;
use self::runner::Runner;
use self::state::{Screen, State};
use self::theme::Theme;
use std::future::Future;
use std::pin::Pin;

use crate::app::{Connection, Context, Failure};
use crate::i18n::I18n;
use crate::service::LocalService;
use crate::store::OpenMode;

/// Turns a terminal event into an action, given what has the keyboard.
pub fn translate(state: &State, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let typing = matches!(state.screen, Screen::PlatformForm(_))
                || state.admin().is_some()
                || state.input.is_some()
                || state.prompt().is_some()
                || state.editor().is_some();
            let ctrl_c = key.code == event::KeyCode::Char('c')
                && key.modifiers.contains(event::KeyModifiers::CONTROL);
            if typing && !ctrl_c {
                Some(Action::Text(key))
            } else {
                state.keymap.command_for(&key).map(Action::Command)
            }
        }
        Event::Mouse(m) => Some(Action::Mouse(m)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

/// Raw mode, alternate screen and mouse capture, undone on drop and on panic.
struct TerminalGuard {
    terminal: ratatui::DefaultTerminal,
}

impl TerminalGuard {
    fn enter() -> std::io::Result<Self> {
        let terminal = ratatui::try_init()?;
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(stdout(), DisableMouseCapture);
            previous(info);
        }));
        execute!(stdout(), EnableMouseCapture)?;
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableMouseCapture);
        ratatui::restore();
    }
}

enum Incoming {
    Event(Event),
    Action(Box<Action>),
}

/// The client as the command line's interactive front end.
pub fn start(ctx: &Context) -> Pin<Box<dyn Future<Output = Result<(), Failure>> + '_>> {
    Box::pin(run(ctx))
}

/// Runs the client until the user quits.
pub async fn run(ctx: &Context) -> Result<(), Failure> {
    let keymap = Arc::new(Keymap::load(&ctx.config.keys, &ctx.config_path)?);
    let mut theme = Theme::load(&ctx.config.theme, &ctx.config_path)?;
    // no-color.org: set and not empty means no colours.
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        theme = theme.without_colours();
    }
    let theme = Arc::new(theme);
    let i18n = Arc::new(I18n::new(ctx.i18n.lang()));
    let (action_tx, mut action_rx) = mpsc::unbounded_channel::<Action>();

    // Everything that can fail plainly fails before the screen is taken over.
    let mut runner = Runner {
        service: None,
        gateway: None,
        opened: Default::default(),
        local: Default::default(),
        i18n: Arc::clone(&i18n),
        tx: action_tx.clone(),
        location: String::new(),
        journal: None,
        journal_jobs: None,
        follower: None,
        lanes: Default::default(),
    };
    let mut first_actions = Vec::new();
    let mut first_effects = Vec::new();
    let (screen, location) = match ctx.server() {
        Some(_) => {
            let conn = crate::app::connect(ctx, OpenMode::Existing)?;
            let session = crate::app::sign_in(ctx, &conn).await?;
            let actor = session.actor();
            runner.service = Some(session);
            runner.gateway = Some(conn.gateway());
            runner.location = conn.describe(&i18n);
            runner.signed_in(&actor);
            first_actions.push(Action::SignedIn(Ok(actor)));
            (Screen::Main, conn.describe(&i18n))
        }
        None => {
            let path = ctx.store_path();
            let shown = path.display().to_string();
            let location = i18n.tr("status-local", &[("path", shown.as_str().into())]);
            runner.location = location.clone();
            // A database is opened (and checked) at once; a file only if it is there.
            let local = if path.exists() || crate::store::postgres::is_url(&shown) {
                Some(
                    LocalService::open(&path, OpenMode::Existing)?
                        .with_settings(ctx.local_settings(&path)?),
                )
            } else {
                None
            };
            let empty = match &local {
                Some(l) => l.is_empty()?,
                None => true,
            };
            runner.local = runner::LocalSlot::new(path.clone(), local.clone());
            match local {
                _ if empty => (
                    Screen::FirstRun {
                        path: shown,
                        selected: 0,
                    },
                    location,
                ),
                Some(local) => {
                    let wanted = match ctx.as_email() {
                        Some(email) => Some(email),
                        None => local.last_actor()?,
                    };
                    match wanted {
                        Some(email) if ctx.as_email().is_some() => {
                            let conn = Connection::Local(local.clone());
                            let session = crate::app::sign_in(ctx, &conn).await?;
                            let actor = session.actor();
                            runner.service = Some(session);
                            local.remember_actor(&email)?;
                            runner.signed_in(&actor);
                            first_actions.push(Action::SignedIn(Ok(actor)));
                            (Screen::Main, location)
                        }
                        _ => {
                            first_effects.push(action::Effect::LoadSuggestions);
                            (
                                Screen::SignIn {
                                    choices: Vec::new(),
                                    selected: 0,
                                },
                                location,
                            )
                        }
                    }
                }
                None => (
                    Screen::FirstRun {
                        path: shown,
                        selected: 0,
                    },
                    location,
                ),
            }
        }
    };

    // After signing in: a server has told its platform's zone by now.
    let today = crate::domain::clock::today();
    let mut state = State::new(Arc::clone(&i18n), keymap, theme, today, screen.clone());
    if let Screen::FirstRun { path, .. } = &screen {
        state.first_run_path = path.clone();
    }
    state.session = None;
    state.location = location;

    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    state.size = (size.width, size.height);

    let (tx, mut rx) = mpsc::unbounded_channel::<Incoming>();
    let input_tx = tx.clone();
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if input_tx.send(Incoming::Event(ev)).is_err() {
                break;
            }
        }
    });
    tokio::spawn(async move {
        while let Some(a) = action_rx.recv().await {
            if tx.send(Incoming::Action(Box::new(a))).is_err() {
                break;
            }
        }
    });
    for effect in first_effects {
        runner.run(effect);
    }
    for action in first_actions {
        for effect in update::update(&mut state, action) {
            runner.run(effect);
        }
    }
    let mut ticks = tokio::time::interval(std::time::Duration::from_millis(250));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut stop = StopSignals::install();
    let mut redraw = true;
    loop {
        if redraw {
            guard.terminal.draw(|f| view::render(f, &state))?;
        }
        let incoming = tokio::select! {
            incoming = rx.recv() => incoming,
            // Asked to stop (kill, the terminal closing): as on `q`, the
            // terminal is given back and the draft being typed is saved.
            () = stop.next() => break,
            now = ticks.tick() => {
                // Ticks matter only while a draft is being typed (autosave).
                redraw = state.editor().is_some();
                if redraw {
                    for effect in update::update(&mut state, Action::Tick(now.into_std())) {
                        runner.run(effect);
                    }
                }
                continue;
            }
        };
        redraw = true;
        let Some(incoming) = incoming else {
            break;
        };
        let mut pending = vec![incoming];
        // Take everything already waiting before drawing again.
        while let Ok(more) = rx.try_recv() {
            pending.push(more);
        }
        for incoming in pending {
            let action = match incoming {
                Incoming::Event(ev) => translate(&state, ev),
                Incoming::Action(a) => Some(*a),
            };
            let Some(action) = action else { continue };
            if let Action::SignedIn(Ok(actor)) = &action {
                runner.signed_in(actor);
            }
            for effect in update::update(&mut state, action) {
                runner.run(effect);
            }
        }
        if state.quit {
            break;
        }
    }
    drop(guard);
    save_on_exit(&state, &runner).await;
    Ok(())
}

/// SIGTERM, SIGINT and SIGHUP, where they can be listened to.
struct StopSignals {
    #[cfg(unix)]
    signals: Vec<tokio::signal::unix::Signal>,
}

impl StopSignals {
    fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let signals = [
                SignalKind::terminate(),
                SignalKind::interrupt(),
                SignalKind::hangup(),
            ]
            .into_iter()
            .filter_map(|kind| signal(kind).ok())
            .collect();
            StopSignals { signals }
        }
        #[cfg(not(unix))]
        StopSignals {}
    }

    /// Waits for any of them (for ever, where none could be listened to).
    async fn next(&mut self) {
        #[cfg(unix)]
        if !self.signals.is_empty() {
            let waits = self.signals.iter_mut().map(|s| Box::pin(s.recv()));
            let _ = futures_select_all(waits).await;
            return;
        }
        std::future::pending::<()>().await
    }
}

/// The first of `futures` to finish.
async fn futures_select_all<F: std::future::Future + Unpin>(futures: impl Iterator<Item = F>) {
    let mut futures: Vec<F> = futures.collect();
    std::future::poll_fn(|cx| {
        for f in futures.iter_mut() {
            if std::pin::Pin::new(f).poll(cx).is_ready() {
                return std::task::Poll::Ready(());
            }
        }
        std::task::Poll::Pending
    })
    .await
}

/// A draft still being typed at exit: into the journal at once, then to the
/// service (a few seconds at most); the journal copy goes once it is saved.
async fn save_on_exit(state: &State, runner: &Runner) {
    let Some(editor) = state.editor().filter(|e| e.dirty()) else {
        return;
    };
    let text = editor.text();
    let Some(journal) = &runner.journal else {
        return;
    };
    if let Err(e) = journal.write(editor.id, &text) {
        eprintln!("{e}");
    }
    let (Some(service), Some(version)) = (
        runner.service.as_ref(),
        state
            .detail
            .as_ref()
            .and_then(|d| d.message.as_ref())
            .map(|m| m.version),
    ) else {
        return;
    };
    let act = crate::domain::Act::EditDraft { text };
    let saving = service.act(editor.id, version, &act);
    if let Ok(Ok(_)) = tokio::time::timeout(std::time::Duration::from_secs(3), saving).await {
        let _ = journal.remove(editor.id);
    }
}
