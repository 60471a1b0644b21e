//! The command palette (`:`): every action of the screen's keymap by its
//! name in the interface's language and by its keymap name, fuzzy, with its
//! key beside it — the same data as the help — and commands that take an
//! argument: `:goto 104233`, `:org СОШ 5`, `:assign Демидова`,
//! `:view просроченные`. `↑` on an empty line brings back earlier commands.

use super::acting::{Loading, PickItem, PickKind, Prompt};
use super::action::Effect;
use super::call::Call;
use super::keymap::{Command, KeyLayer};
use super::state::{DetailState, Layer, LayerKind, Pane, State};

/// How many typed commands the palette remembers.
const HISTORY: usize = 50;

/// A command that takes an argument, by its names (English, Russian).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Goto,
    Org,
    Assign,
    View,
}

impl Verb {
    const ALL: [Verb; 4] = [Verb::Goto, Verb::Org, Verb::Assign, Verb::View];

    fn names(self) -> [&'static str; 2] {
        match self {
            Verb::Goto => ["goto", "перейти"],
            Verb::Org => ["org", "орг"],
            Verb::Assign => ["assign", "назначить"],
            Verb::View => ["view", "вид"],
        }
    }

    fn key(self) -> &'static str {
        match self {
            Verb::Goto => "palette-goto",
            Verb::Org => "palette-org",
            Verb::Assign => "palette-assign",
            Verb::View => "palette-view",
        }
    }

    /// Items of the palette get ids past the commands'.
    fn id(self) -> i64 {
        1_000 + Verb::ALL.iter().position(|v| *v == self).unwrap_or(0) as i64
    }

    /// `verb argument` in either language, the argument not empty.
    fn parse(line: &str) -> Option<(Verb, String)> {
        let line = line.trim();
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        let word = word.to_lowercase();
        let verb = Verb::ALL
            .into_iter()
            .find(|v| v.names().contains(&word.as_str()))?;
        Some((verb, rest.trim().to_string())).filter(|(_, arg)| !arg.is_empty())
    }
}

/// Opens the palette.
pub fn open(state: &mut State) -> Vec<Effect> {
    let items = items(state);
    state.palette_recall = None;
    state.open(Layer::Prompt(Prompt::Pick {
        kind: PickKind::Command,
        query: String::new(),
        items,
        selected: 0,
        req: 0,
        loading: Loading::Done,
    }));
    Vec::new()
}

/// Every command of the screen with its keys, then the commands with an argument.
fn items(state: &State) -> Vec<PickItem> {
    let i = &state.i18n;
    let mut items: Vec<PickItem> = state
        .keymap
        .bindings()
        .iter()
        .filter(|(c, _)| c.layer() == KeyLayer::Screen && *c != Command::Palette)
        .filter_map(|(c, _)| {
            let id = Command::ALL.iter().position(|x| x == c)? as i64;
            Some(PickItem {
                id,
                label: i.t(&format!("action-{}", c.name())),
                hint: format!("{}  {}", state.keymap.keys_of(*c), c.name()),
                text: String::new(),
            })
        })
        .collect();
    items.extend(Verb::ALL.map(|v| PickItem {
        id: v.id(),
        label: i.t(v.key()),
        hint: format!(":{} …", v.names()[0]),
        text: String::new(),
    }));
    items
}

/// `Enter` in the palette: a command with its argument as typed, else the
/// chosen item (a command runs; a command with an argument waits for it).
pub fn choose(state: &mut State, query: &str, item: Option<PickItem>) -> Vec<Effect> {
    // An action's own name typed in full («назначить исполнителя») is that
    // action, not `назначить` with an argument.
    let names_item = item.as_ref().is_some_and(|i| {
        i.label
            .to_lowercase()
            .starts_with(&query.trim().to_lowercase())
    });
    if let Some((verb, arg)) = Verb::parse(query).filter(|_| !names_item) {
        remember(state, query);
        state.close(LayerKind::Prompt);
        return run(state, verb, &arg);
    }
    let Some(item) = item else {
        return Vec::new();
    };
    if let Some(verb) = Verb::ALL.into_iter().find(|v| v.id() == item.id) {
        // Its name typed in for the argument to follow.
        if let Some(Prompt::Pick {
            query, selected, ..
        }) = state.prompt_mut()
        {
            *query = format!("{} ", verb.names()[0]);
            *selected = 0;
        }
        return Vec::new();
    }
    let Some(command) = usize::try_from(item.id)
        .ok()
        .and_then(|n| Command::ALL.get(n).copied())
    else {
        return Vec::new();
    };
    remember(state, command.name());
    state.close(LayerKind::Prompt);
    crate::tui::update::update(state, super::action::Action::Command(command))
}

/// `↑` on an empty line: the command typed before (again: the one before
/// that). A line being typed stays as it is.
pub fn recall(state: &mut State) -> bool {
    let typed = match state.prompt() {
        Some(Prompt::Pick { query, .. }) => query.clone(),
        _ => return false,
    };
    let recalled = state
        .palette_recall
        .and_then(|n| state.palette_history.iter().rev().nth(n));
    if !typed.is_empty() && recalled != Some(&typed) {
        return false;
    }
    let back = state.palette_recall.map_or(0, |n| n + 1);
    let Some(line) = state.palette_history.iter().rev().nth(back).cloned() else {
        return false;
    };
    state.palette_recall = Some(back);
    if let Some(Prompt::Pick {
        query, selected, ..
    }) = state.prompt_mut()
    {
        *query = line;
        *selected = 0;
    }
    true
}

fn remember(state: &mut State, line: &str) {
    let line = line.trim().to_string();
    state.palette_history.retain(|l| *l != line);
    state.palette_history.push(line);
    if state.palette_history.len() > HISTORY {
        state.palette_history.remove(0);
    }
}

fn run(state: &mut State, verb: Verb, arg: &str) -> Vec<Effect> {
    match verb {
        Verb::Goto => {
            let Ok(id) = arg.trim_start_matches(['#', '№']).trim().parse::<i64>() else {
                state.notice = Some(
                    state
                        .i18n
                        .tr("palette-not-a-number", &[("text", arg.into())]),
                );
                return Vec::new();
            };
            // The service decides whether this person may see it.
            let req = state.request();
            state.stats = None;
            state.detail = Some(DetailState::new(crate::domain::MessageId(id), req));
            vec![Effect::Call {
                req,
                call: Call::Message {
                    id: crate::domain::MessageId(id),
                },
            }]
        }
        Verb::Org => {
            state.detail = None;
            state.stats = None;
            state.focus = Pane::Tree;
            crate::tui::update::set_filter(state, arg.to_string())
        }
        Verb::Assign => {
            if state.detail.is_none() {
                state.notice = Some(state.i18n.t("palette-assign-needs-message"));
                return Vec::new();
            }
            let effects =
                crate::tui::update::update(state, super::action::Action::Command(Command::Assign));
            if let Some(Prompt::Pick {
                kind: PickKind::Executor,
                query,
                ..
            }) = state.prompt_mut()
            {
                *query = arg.to_string();
            }
            effects
        }
        Verb::View => {
            let i = &state.i18n;
            let found = state
                .views
                .iter()
                .position(|v| words_meet(&i.t(v.label()), arg));
            match found {
                Some(n) => {
                    state.messages.view = Some(n);
                    state.detail = None;
                    state.focus = Pane::Messages;
                    crate::tui::update::reload_queue(state)
                }
                None => {
                    state.notice = Some(i.tr("palette-no-view", &[("text", arg.into())]));
                    Vec::new()
                }
            }
        }
    }
}

/// Whether a word of `name` and a word of `typed` begin alike (their first
/// five letters, or all of the shorter): «просроченные» meets «Просрочено».
fn words_meet(name: &str, typed: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (name, typed) = (words(name), words(typed));
    typed.iter().all(|t| {
        name.iter().any(|n| {
            let same = n.chars().zip(t.chars()).take_while(|(a, b)| a == b).count();
            same >= 5.min(n.chars().count()).min(t.chars().count())
        })
    }) && !typed.is_empty()
}
