//! The readiness panel: the checks of the organisations below, with a gauge
//! per department and the deadline.

use super::*;

#[derive(Debug, Clone)]
pub struct ReadinessPanel {
    pub org: OrgId,
    pub org_name: String,
    /// The deadline being typed (curators), `ГГГГ-ММ-ДД` or empty to clear.
    pub deadline_input: Option<String>,
    pub data: Option<Readiness>,
    pub error: Option<String>,
    pub req: RequestId,
    pub scroll: u16,
}

/// The service's answer to the readiness panel.
pub(super) fn readiness_answered(
    state: &mut State,
    result: ServiceResult<AdminReply>,
) -> Vec<Effect> {
    let i = std::sync::Arc::clone(&state.i18n);
    let Some(Overlay::Readiness(p)) = state.admin_mut() else {
        return Vec::new();
    };
    match result {
        Ok(AdminReply::Readiness(r)) => p.data = Some(r),
        Ok(_) => {}
        Err(e) => p.error = Some(i.error(&e)),
    }
    Vec::new()
}
