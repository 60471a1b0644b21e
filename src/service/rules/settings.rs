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
    /// Where texts to citizens who gave a phone number go.
    pub sms: Arc<dyn crate::sms::SmsGateway>,
    /// The public form: who may be sent messages, and its limits.
    pub intake: IntakeSettings,
}

/// Which organisations the public form takes messages for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Accepting {
    /// Those whose widget site platform curators approved.
    #[default]
    Approved,
    /// Those whose administrators marked them ready.
    Ready,
    /// Every organisation that is not archived.
    All,
}

/// The public form's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeSettings {
    pub accepting: Accepting,
    /// Posts taken from one network address in an hour.
    pub per_address_hour: u32,
    /// Messages taken for one contact (e-mail or phone) in a day.
    pub per_contact_day: u32,
    /// Seconds a person needs at least to fill the form in.
    pub min_fill_secs: u64,
    /// The text on the processing of personal data the consent refers to.
    pub policy_url: String,
    /// The server stands behind a proxy of its own (nginx): a post's
    /// address is the last one its `X-Forwarded-For` names.
    pub behind_proxy: bool,
}

impl Default for IntakeSettings {
    fn default() -> Self {
        IntakeSettings {
            accepting: Accepting::Approved,
            per_address_hour: 20,
            per_contact_day: 5,
            min_fill_secs: 3,
            policy_url: DEFAULT_POLICY_URL.into(),
            behind_proxy: false,
        }
    }
}

pub const DEFAULT_POLICY_URL: &str = "https://pos.gosuslugi.ru/docs/personal-data/";

pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

pub const DEFAULT_TRAINING_URL: &str = "https://pos.gosuslugi.ru/docs/";

pub const DEFAULT_INVITATION_DAYS: u32 = 7;

pub const DEFAULT_MAIL_CLAIM_SECS: i64 = 300;
