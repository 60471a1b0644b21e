//! Everything that changes the state is an [`Action`]; everything the
//! state asks the outside world to do is an [`Effect`]. Results of effects
//! come back as actions tagged with the request id that asked for them.

use crossterm::event::{KeyEvent, MouseEvent};

use super::keymap::Command;
use crate::demo::DemoSummary;
use crate::domain::{Account, Actor, Message, MessageId, MessageRow, OrgId, OrgNode};
use crate::service::{AccountQuery, MessageQuery, Page, ServiceResult, StatusCounts};

pub type RequestId = u64;

/// What the change feed told the client.
#[derive(Debug)]
pub enum Live {
    /// The feed is open again after it broke.
    Connected,
    /// The feed broke; it is opened again in `retry_secs`.
    Lost { retry_secs: u64 },
    /// What changed since the last batch; `reload`: too much to tell.
    Changes {
        changes: Vec<crate::domain::change::Change>,
        reload: bool,
    },
}

#[derive(Debug)]
pub enum Action {
    /// A key bound to a command.
    Command(Command),
    /// A key typed into a text field (filter line, forms).
    Text(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),

    ChildrenLoaded {
        req: RequestId,
        parent: Option<OrgId>,
        result: ServiceResult<Vec<OrgNode>>,
    },
    AncestorsLoaded {
        req: RequestId,
        result: ServiceResult<Vec<OrgNode>>,
    },
    OrgSearchLoaded {
        req: RequestId,
        result: ServiceResult<Vec<OrgNode>>,
    },
    AccountsLoaded {
        req: RequestId,
        append: bool,
        result: ServiceResult<Page<Account>>,
    },
    MessagesLoaded {
        req: RequestId,
        append: bool,
        result: ServiceResult<Page<MessageRow>>,
    },
    CountsLoaded {
        req: RequestId,
        result: ServiceResult<StatusCounts>,
    },
    MessageLoaded {
        req: RequestId,
        result: Box<ServiceResult<Message>>,
    },

    Acted {
        req: RequestId,
        result: Box<ServiceResult<Message>>,
    },
    ExecutorsLoaded {
        req: RequestId,
        result: ServiceResult<Vec<crate::service::ExecutorChoice>>,
    },
    PickOrgsLoaded {
        req: RequestId,
        result: ServiceResult<Vec<crate::service::RedirectTarget>>,
    },
    ActedMany {
        req: RequestId,
        result: ServiceResult<crate::service::ActReport>,
    },
    TemplatesLoaded {
        req: RequestId,
        result: ServiceResult<Vec<crate::domain::Template>>,
    },
    StatisticsLoaded {
        req: RequestId,
        result: ServiceResult<crate::service::Statistics>,
    },
    AdminDone {
        req: RequestId,
        result: Box<ServiceResult<super::admin::AdminReply>>,
    },
    /// Rows of a form read so far, of all.
    ImportProgress {
        req: RequestId,
        done: usize,
        total: usize,
    },
    /// Where the training materials are.
    TrainingUrl(String),
    FilterChoicesLoaded {
        req: RequestId,
        result: ServiceResult<(Vec<crate::domain::Category>, Vec<Account>)>,
    },
    /// Counts of the saved views, in their order.
    ViewCounts {
        req: RequestId,
        counts: Vec<Option<u64>>,
    },
    /// Time passes (for autosave).
    Tick(std::time::Instant),
    /// The journal's copy of a message's draft, if there is one.
    JournalRead {
        id: MessageId,
        text: Option<String>,
    },
    /// Something to tell the user in the status line.
    Notice(String),
    /// The change feed: others' work (and one's own) as it is committed.
    Live(Live),

    DemoProgress(String),
    DemoBuilt(Result<DemoSummary, String>),
    PlatformCreated(Result<String, String>),
    Suggestions(Result<Vec<SignInChoice>, String>),
    SignedIn(Result<Actor, String>),
}

/// One account offered on the sign-in screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInChoice {
    pub role: crate::domain::Role,
    pub email: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// The categories and accounts the queue filter picker offers.
    LoadFilterChoices {
        req: RequestId,
        org: OrgId,
    },
    /// Counts of the saved views; answers `ViewCounts`.
    CountViews {
        req: RequestId,
        queries: Vec<MessageQuery>,
    },
    /// A call of the administration half of the Service; answers `AdminDone`.
    Admin {
        req: RequestId,
        call: super::admin::AdminCall,
    },
    /// Puts text on the clipboard of the terminal (OSC 52: works over SSH).
    CopyToClipboard(String),
    /// Writes a file whole (a temporary file renamed); answers with a notice.
    SaveFile {
        path: String,
        text: String,
    },
    LoadTrainingUrl,
    /// The signed-in person confirms the training; answers `SignedIn`.
    ConfirmTraining,
    LoadChildren {
        req: RequestId,
        parent: Option<OrgId>,
    },
    LoadAncestors {
        req: RequestId,
        org: OrgId,
    },
    SearchOrgs {
        req: RequestId,
        text: String,
    },
    LoadAccounts {
        req: RequestId,
        org: OrgId,
        query: AccountQuery,
        append: bool,
    },
    LoadMessages {
        req: RequestId,
        query: MessageQuery,
        append: bool,
    },
    LoadCounts {
        req: RequestId,
        org: OrgId,
    },
    LoadMessage {
        req: RequestId,
        id: MessageId,
    },

    Act {
        req: RequestId,
        id: MessageId,
        version: i64,
        act: crate::domain::Act,
    },
    /// Executors a message may be given to, best suited first.
    LoadExecutors {
        req: RequestId,
        message: MessageId,
    },
    /// Organisations to redirect `message` to, matching `text`.
    PickOrgs {
        req: RequestId,
        message: MessageId,
        text: String,
    },
    ActMany {
        req: RequestId,
        items: Vec<(MessageId, i64)>,
        act: crate::domain::Act,
    },
    LoadStatistics {
        req: RequestId,
        org: OrgId,
        subtree: bool,
    },
    LoadTemplates {
        req: RequestId,
        org: OrgId,
        category: Option<crate::domain::CategoryId>,
    },
    JournalWrite {
        id: MessageId,
        text: String,
    },
    JournalRemove {
        id: MessageId,
    },
    JournalRead {
        id: MessageId,
    },
    BuildDemo,
    CreatePlatform {
        org_name: String,
        surname: String,
        first_name: String,
        email: String,
    },
    LoadSuggestions,
    SignIn {
        email: String,
    },
    /// Follow the service's changes (after sign-in, for the session).
    Follow,
    Quit,
}
