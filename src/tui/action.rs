//! Everything that changes the state is an [`Action`]; everything the
//! state asks the outside world to do is an [`Effect`]. Results of effects
//! come back as actions tagged with the request id that asked for them.

use crossterm::event::{KeyEvent, MouseEvent};

use super::call::{Answer, Call};
use super::keymap::Command;
use crate::demo::DemoSummary;
use crate::domain::{Actor, MessageId};

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

    /// The answer to `Effect::Call { req, .. }`.
    Answer {
        req: RequestId,
        answer: Answer,
    },
    /// Rows of a form read so far, of all.
    ImportProgress {
        req: RequestId,
        done: usize,
        total: usize,
    },
    /// Where the training materials are.
    TrainingUrl(String),
    /// Time passes (for autosave).
    Tick(std::time::Instant),
    /// The wake-up `Effect::Wake` asked for, with its token.
    Wake(u64),
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
    /// A Service call as the signed-in person; answers `Action::Answer`.
    Call {
        req: RequestId,
        call: Call,
    },
    /// Puts text on the clipboard of the terminal (OSC 52: works over SSH).
    CopyToClipboard(String),
    /// Writes a file whole (a temporary file renamed); answers with a notice.
    SaveFile {
        path: String,
        bytes: Vec<u8>,
        /// The notice's key (given `$path`) once it is written.
        saved: &'static str,
    },
    LoadTrainingUrl,
    /// The signed-in person confirms the training; answers `SignedIn`.
    ConfirmTraining,
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
    /// Sends `Action::Wake(token)` after a while (a search typed settles).
    Wake {
        token: u64,
        after: std::time::Duration,
    },
    Quit,
}
