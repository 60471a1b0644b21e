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
