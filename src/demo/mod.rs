//! TEMPORARY placeholder with the agreed API (replaced by the real generator).
pub struct DemoOptions {
    pub orgs: u32,
    pub messages: u32,
    pub seed: u64,
    pub today: chrono::NaiveDate,
}
impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            orgs: 66,
            messages: 3000,
            seed: 1,
            today: chrono::Local::now().date_naive(),
        }
    }
}
#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub orgs: u64,
    pub accounts: u64,
    pub messages: u64,
    pub sign_in: Vec<SignInHint>,
}
#[derive(Debug, Clone)]
pub struct SignInHint {
    pub role: crate::domain::Role,
    pub email: String,
    pub name: String,
    pub org_name: String,
}
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the store is not empty")]
    NotEmpty,
    #[error(transparent)]
    Store(#[from] rusqlite::Error),
}
pub enum Progress {
    Orgs(u64),
    Accounts(u64),
    Messages { done: u64, total: u64 },
}
pub fn build(
    _store: &crate::store::Store,
    _opts: &DemoOptions,
    _progress: &mut dyn FnMut(Progress),
) -> Result<DemoSummary, DemoError> {
    Err(DemoError::NotEmpty)
}
