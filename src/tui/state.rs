//! The whole state of the terminal client: plain data, no I/O. `update`
//! changes it, the view reads it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use super::action::{RequestId, SignInChoice};
use super::keymap::Keymap;
use super::theme::Theme;
use crate::domain::{
    Account, Actor, Message, MessageId, MessageRow, MessageStatus, OrgId, OrgNode, Role,
};
use crate::i18n::I18n;
use crate::service::StatusCounts;

pub use super::paged::{Paged, Received, RowId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Accounts,
    Messages,
}

impl Pane {
    pub const ORDER: [Pane; 3] = [Pane::Tree, Pane::Accounts, Pane::Messages];
}

/// Before the main screen, on a local store: create it, then choose who you are.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    FirstRun {
        path: String,
        selected: usize,
    },
    Building {
        progress: String,
    },
    PlatformForm(PlatformForm),
    SignIn {
        choices: Vec<SignInChoice>,
        selected: usize,
    },
    /// "Мною пройдено обучение", before anything else.
    Training {
        name: String,
        url: String,
    },
    Main,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlatformForm {
    /// Platform name, surname, first name, e-mail.
    pub fields: [String; 4],
    pub focus: usize,
    pub error: Option<String>,
}

/// A selectable list: rows, cursor and scroll offset.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
}

impl ListState {
    /// Moves the cursor by `delta` within `len` rows and keeps it in a window of `height`.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        if len == 0 {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
        self.scroll_into_view(height);
    }

    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }
}

/// One visible row of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeRow {
    pub node: OrgNode,
    pub depth: usize,
}

#[derive(Debug, Clone, Default)]
pub struct TreeState {
    /// Loaded children by parent (`None`: the roots).
    pub children: HashMap<Option<OrgId>, Vec<OrgNode>>,
    pub expanded: HashSet<OrgId>,
    pub rows: Vec<TreeRow>,
    pub list: ListState,
    pub pending: HashMap<Option<OrgId>, RequestId>,
    /// Select this organisation as soon as its row appears.
    pub select_when_loaded: Option<OrgId>,
    /// Results of the `/` filter, shown flat instead of the tree.
    pub search: Option<Vec<OrgNode>>,
    pub search_req: RequestId,
    pub filter: String,
    pub error: Option<String>,
}

impl TreeState {
    /// Rebuilds the visible rows from the loaded children and what is expanded.
    pub fn rebuild(&mut self) {
        let selected_id = self.selected_id();
        let mut rows = Vec::new();
        if let Some(search) = &self.search {
            rows.extend(search.iter().map(|n| TreeRow {
                node: n.clone(),
                depth: 0,
            }));
        } else {
            let mut stack: Vec<(OrgNode, usize)> = self
                .children
                .get(&None)
                .map(|c| c.iter().rev().map(|n| (n.clone(), 0)).collect())
                .unwrap_or_default();
            while let Some((node, depth)) = stack.pop() {
                if let Some(kids) = self
                    .children
                    .get(&Some(node.id))
                    .filter(|_| self.expanded.contains(&node.id))
                {
                    stack.extend(kids.iter().rev().map(|k| (k.clone(), depth + 1)));
                }
                rows.push(TreeRow { node, depth });
            }
        }
        self.rows = rows;
        if let Some(i) = selected_id.and_then(|id| self.rows.iter().position(|r| r.node.id == id)) {
            self.list.selected = i;
        }
        self.list.selected = self.list.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn selected_id(&self) -> Option<OrgId> {
        self.rows.get(self.list.selected).map(|r| r.node.id)
    }

    pub fn selected(&self) -> Option<&TreeRow> {
        self.rows.get(self.list.selected)
    }
}

/// The queue's tabs, in order; `None` is "all".
pub const TABS: [Option<MessageStatus>; 9] = [
    Some(MessageStatus::New),
    Some(MessageStatus::InWork),
    Some(MessageStatus::OnApproval),
    Some(MessageStatus::RedirectRequested),
    Some(MessageStatus::Moderation),
    Some(MessageStatus::Answered),
    Some(MessageStatus::Rejected),
    Some(MessageStatus::Closed),
    None,
];

#[derive(Debug, Clone, Default)]
pub struct MessagesState {
    pub page: Paged<MessageRow>,
    /// The marked messages, in the order they were marked.
    pub marked: Vec<MessageId>,
    /// The set the last step on many was taken on (for `remark`).
    pub last_marked: Vec<MessageId>,
    pub tab: usize,
    pub overdue_only: bool,
    pub counts: Option<StatusCounts>,
    pub counts_req: RequestId,
    /// Under a search or filter: what it finds in each status (the tabs say
    /// "3 из 5"); `None` without one.
    pub found: Option<Vec<(MessageStatus, u64)>>,
    pub found_req: RequestId,
    /// The tab a search was widened from to "all" (`widen-search`), to go back to.
    pub widened_from: Option<usize>,
    /// The wake-up a typed search waits for before it runs.
    pub search_settles: Option<RequestId>,
    /// `open` came while the list was loading: its first row opens on arrival.
    pub open_when_loaded: bool,
    /// The saved view shown instead of the status tabs.
    pub view: Option<usize>,
    pub filters: QueueFilters,
    /// "Mark all": the rest of the filter is being loaded to be marked.
    pub marking_all: bool,
}

/// Filters of the queue beyond status, overdue and text; each with the
/// name it is shown by.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueFilters {
    pub category: Option<(crate::domain::CategoryId, String)>,
    pub assignee: Option<(crate::domain::AccountId, String)>,
    pub source: Option<(crate::domain::MessageSource, String)>,
}

impl QueueFilters {
    pub fn is_empty(&self) -> bool {
        self.category.is_none() && self.assignee.is_none() && self.source.is_none()
    }

    /// "категория: ЖКХ, исполнитель: Иванов И. И." for the title.
    pub fn names(&self) -> Vec<String> {
        [
            &self.category.as_ref().map(|c| c.1.clone()),
            &self.assignee.as_ref().map(|a| a.1.clone()),
            &self.source.as_ref().map(|s| s.1.clone()),
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
    }
}

/// The statistics view of an organisation.
#[derive(Debug, Clone)]
pub struct StatsState {
    pub org: OrgId,
    pub org_name: String,
    pub subtree: bool,
    pub data: Option<crate::service::Statistics>,
    /// The last weeks' report: the weekly share on time, and the export.
    pub report: Option<Box<crate::service::StatisticsReport>>,
    pub error: Option<String>,
    pub req: RequestId,
}

#[derive(Debug, Clone)]
pub struct DetailState {
    pub id: MessageId,
    pub message: Option<Message>,
    pub error: Option<String>,
    pub scroll: u16,
    pub req: RequestId,
    /// The draft against the template it came from (`t`).
    pub diff: Option<TemplateDiff>,
    pub diff_req: Option<RequestId>,
    /// The templates asked for before a submit, to question an unchanged one.
    pub lint_req: Option<RequestId>,
    /// The same citizen's other messages (by their contact), newest first.
    pub citizen: Vec<crate::domain::MessageRow>,
    /// The chosen one of the linked and the citizen's messages (`]` `[`).
    pub pick: Option<usize>,
    /// The messages opened before this one from their lists, to go back to.
    pub trail: Vec<MessageId>,
    /// Stepping through the history (`,` `.`).
    pub timeline: Option<TimelineView>,
}

/// The message's history being stepped through.
#[derive(Debug, Clone)]
pub struct TimelineView {
    pub req: RequestId,
    /// `None` while it loads.
    pub moments: Option<Vec<crate::domain::timeline::Moment>>,
    /// Steps before the first one loaded.
    pub earlier: u64,
    /// The step shown.
    pub at: usize,
}

impl DetailState {
    /// Message `id`, asked for by request `req`, not here yet.
    pub fn new(id: MessageId, req: RequestId) -> Self {
        DetailState {
            id,
            message: None,
            error: None,
            scroll: 0,
            req,
            diff: None,
            diff_req: None,
            lint_req: None,
            citizen: Vec::new(),
            pick: None,
            trail: Vec::new(),
            timeline: None,
        }
    }
}

/// A draft compared with the template that gave most of it.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateDiff {
    pub title: String,
    pub changes: Vec<crate::domain::diff::Change>,
}

/// The signed-in person and where the data lives.
#[derive(Debug, Clone)]
pub struct Session {
    pub actor: Actor,
    pub location: String,
}

/// An overlay over the screen, drawn in stack order; the topmost one gets
/// the keys.
pub enum Layer {
    /// The draft reply being typed.
    Editor(Box<super::acting::Editor>),
    /// A reason, a confirmation or a picker for a lifecycle step (over the
    /// editor when it picks a template).
    Prompt(super::acting::Prompt),
    /// An administration form or panel.
    Admin(super::admin::Overlay),
    /// Every key, scrolled this far.
    Help(u16),
}

/// Which overlay a [`Layer`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerKind {
    Editor,
    Prompt,
    Admin,
    Help,
}

impl Layer {
    pub fn kind(&self) -> LayerKind {
        match self {
            Layer::Editor(_) => LayerKind::Editor,
            Layer::Prompt(_) => LayerKind::Prompt,
            Layer::Admin(_) => LayerKind::Admin,
            Layer::Help(_) => LayerKind::Help,
        }
    }
}

pub struct State {
    pub i18n: Arc<I18n>,
    pub keymap: Arc<Keymap>,
    pub theme: Arc<Theme>,
    pub size: (u16, u16),
    pub today: NaiveDate,
    /// The zone times are shown in (the machine's, fixed at start).
    pub tz: chrono_tz::Tz,
    pub screen: Screen,
    pub session: Option<Session>,
    pub focus: Pane,
    pub tree: TreeState,
    pub selected_org: Option<OrgId>,
    pub accounts: Paged<Account>,
    pub messages: MessagesState,
    pub detail: Option<DetailState>,
    pub stats: Option<StatsState>,
    /// The votes module's screen.
    pub polls: Option<super::polls::PollsState>,
    /// The signed-in person's saved views and their counts.
    pub views: Vec<super::views::View>,
    pub view_counts: Vec<Option<u64>>,
    pub views_req: RequestId,
    /// What lies over the screen, topmost last: the topmost has the keyboard.
    pub layers: Vec<Layer>,
    /// The organisation form waits for these details.
    pub pending_org_form: Option<RequestId>,
    /// The `/` line being typed, for the focused pane.
    pub input: Option<String>,
    /// The lifecycle step under way.
    pub acting: Option<RequestId>,
    /// The draft save under way, if the step under way is one.
    pub draft_save: Option<RequestId>,
    /// Commands run from the palette, oldest first; which one `↑` shows.
    pub palette_history: Vec<String>,
    pub palette_recall: Option<usize>,
    /// The reason or comment typed for the step under way: given back in
    /// its prompt if the step is refused, so that nothing typed is lost.
    pub typed_step: Option<(RequestId, super::acting::TextStep, String)>,
    /// The last template inserted into a draft, filled in (for the lint).
    pub inserted_template: Option<(MessageId, String)>,
    /// The time of the last tick or key (for autosave).
    pub now: std::time::Instant,
    pub notice: Option<String>,
    /// The change feed is broken: it is opened again in this many seconds.
    pub feed_lost: Option<u64>,
    /// "локальное хранилище …" or "сервер …", for the status line.
    pub location: String,
    /// The store path the first-run screen names.
    pub first_run_path: String,
    pub next_req: RequestId,
    pub quit: bool,
}

impl State {
    pub fn new(
        i18n: Arc<I18n>,
        keymap: Arc<Keymap>,
        theme: Arc<Theme>,
        today: NaiveDate,
        screen: Screen,
    ) -> Self {
        State {
            i18n,
            keymap,
            theme,
            size: (100, 30),
            today,
            tz: crate::domain::clock::zone(),
            screen,
            session: None,
            focus: Pane::Tree,
            tree: TreeState::default(),
            selected_org: None,
            accounts: Paged::default(),
            messages: MessagesState::default(),
            detail: None,
            stats: None,
            polls: None,
            views: Vec::new(),
            view_counts: Vec::new(),
            views_req: 0,
            layers: Vec::new(),
            pending_org_form: None,
            input: None,
            acting: None,
            draft_save: None,
            typed_step: None,
            palette_history: Vec::new(),
            palette_recall: None,
            inserted_template: None,
            now: std::time::Instant::now(),
            notice: None,
            feed_lost: None,
            location: String::new(),
            first_run_path: String::new(),
            next_req: 1,
            quit: false,
        }
    }

    /// Opens `layer` on top (one of its kind: an open one is replaced).
    pub fn open(&mut self, layer: Layer) {
        let kind = layer.kind();
        self.layers.retain(|l| l.kind() != kind);
        self.layers.push(layer);
    }

    /// Closes the layer of this kind, if one is open.
    pub fn close(&mut self, kind: LayerKind) {
        self.layers.retain(|l| l.kind() != kind);
    }

    /// The layer that has the keyboard.
    pub fn top(&self) -> Option<LayerKind> {
        self.layers.last().map(Layer::kind)
    }

    /// The draft reply being typed.
    pub fn editor(&self) -> Option<&super::acting::Editor> {
        self.layers.iter().find_map(|l| match l {
            Layer::Editor(e) => Some(e.as_ref()),
            _ => None,
        })
    }

    pub fn editor_mut(&mut self) -> Option<&mut super::acting::Editor> {
        self.layers.iter_mut().find_map(|l| match l {
            Layer::Editor(e) => Some(e.as_mut()),
            _ => None,
        })
    }

    /// A reason, a confirmation or a picker for a lifecycle step.
    pub fn prompt(&self) -> Option<&super::acting::Prompt> {
        self.layers.iter().find_map(|l| match l {
            Layer::Prompt(p) => Some(p),
            _ => None,
        })
    }

    pub fn prompt_mut(&mut self) -> Option<&mut super::acting::Prompt> {
        self.layers.iter_mut().find_map(|l| match l {
            Layer::Prompt(p) => Some(p),
            _ => None,
        })
    }

    /// An administration form or panel.
    pub fn admin(&self) -> Option<&super::admin::Overlay> {
        self.layers.iter().find_map(|l| match l {
            Layer::Admin(a) => Some(a),
            _ => None,
        })
    }

    pub fn admin_mut(&mut self) -> Option<&mut super::admin::Overlay> {
        self.layers.iter_mut().find_map(|l| match l {
            Layer::Admin(a) => Some(a),
            _ => None,
        })
    }

    /// The help overlay's scroll, when it is open.
    pub fn help(&self) -> Option<u16> {
        self.layers.iter().find_map(|l| match l {
            Layer::Help(scroll) => Some(*scroll),
            _ => None,
        })
    }

    pub fn help_mut(&mut self) -> Option<&mut u16> {
        self.layers.iter_mut().find_map(|l| match l {
            Layer::Help(scroll) => Some(scroll),
            _ => None,
        })
    }

    pub fn request(&mut self) -> RequestId {
        self.next_req += 1;
        self.next_req
    }

    /// The tab a role starts on: what that role works on first.
    pub fn default_tab(actor: &Actor) -> usize {
        let status = if actor.has(Role::Coordinator) {
            Some(MessageStatus::New)
        } else if actor.has(Role::Executor) {
            Some(MessageStatus::InWork)
        } else if actor.has(Role::Leader) {
            Some(MessageStatus::OnApproval)
        } else if actor.is_platform_curator() {
            Some(MessageStatus::Moderation)
        } else {
            None
        };
        TABS.iter()
            .position(|t| *t == status)
            .unwrap_or(TABS.len() - 1)
    }
}
