//! What the rules need to know about their surroundings: addresses, mail,
//! language, limits.

use super::*;

/// What the administration side needs to know about its surroundings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The server's address as people reach it: links are `<public_url>/invite/<token>`.
    pub public_url: String,
    /// How long an invitation link works.
    pub invitation_days: u32,
    /// The training materials people confirm they have studied.
    pub training_url: String,
    pub mailer: Mailer,
    /// The language of the mail sent.
    pub lang: Lang,
    /// A proxy for reading organisations' sites (the widget check).
    pub site_proxy: Option<String>,
    /// Send an import's invitations after answering (a server), instead of
    /// before (the command line, which exits when done).
    pub mail_in_background: bool,
    /// How long a mail taken for sending stays with its worker; after that
    /// another takes it (the first one died).
    pub mail_claim_secs: i64,
}

pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

pub const DEFAULT_TRAINING_URL: &str = "https://pos.gosuslugi.ru/docs/";

pub const DEFAULT_INVITATION_DAYS: u32 = 7;

pub const DEFAULT_MAIL_CLAIM_SECS: i64 = 300;
