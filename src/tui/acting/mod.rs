//! Moving a message along its lifecycle from the message view: the keys,
//! the prompts they open (a reason, a confirmation, a picker), the draft
//! editor with its autosave, and what comes back from the service.
//! Part of `update`: pure, no I/O.

mod editor;
mod filters;
mod marking;
mod picker;
mod prompt;
mod step;

use super::action::{Effect, RequestId};
use super::call::Call;
use super::keymap::Command;
use super::state::State;
use crate::domain::{AccountId, Act, Message, MessageId, MessageStatus, OrgId, Role};
use crate::service::{ServiceError, ServiceResult};
use crate::tui::keymap::KeyLayer;
use crate::tui::state::{Layer, LayerKind};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use editor::*;
pub use filters::*;
pub use marking::*;
pub use picker::*;
pub use prompt::*;
pub use step::*;
