//! A question answered yes or no before an account is archived, restored or
//! invited again.

use super::*;

/// A step that cannot be undone by a keystroke: asked first.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub call: AdminCall,
    pub busy: Option<RequestId>,
}
