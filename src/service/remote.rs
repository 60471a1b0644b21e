//! `RemoteService`: placeholder until the API module lands.
#[derive(Debug, Clone)]
pub struct RemoteService;
