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

/// The service's answer to a confirmed step.
pub(super) fn confirm_answered(
    state: &mut State,
    result: ServiceResult<AdminReply>,
) -> Vec<Effect> {
    match result {
        Ok(reply) => saved(state, reply),
        Err(e) => {
            state.close(LayerKind::Admin);
            state.notice = Some(state.i18n.error(&e));
            Vec::new()
        }
    }
}
