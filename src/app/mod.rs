//! The composition root: from plain options and the configuration file to
//! settings, a mailer, a backend (the embedded store or a server) and the
//! person acting. The command line and the terminal client both start
//! here; neither knows the other.
//!
//! - [`backend`]: the chosen backend as a `Service`, and signing in
//! - [`keyring`]: where a server's sign-in token is kept between runs
//! - [`Failure`]: everything that can stop a start or a command, rendered
//!   in the user's language

pub mod backend;
pub mod files;
pub mod keyring;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::{self, ConfigError};
use crate::i18n::{I18n, Lang};
use crate::service::ServiceError;
use crate::store::StoreError;

pub use backend::{Connection, connect, sign_in, signed_in};

/// What the person asked for at start, whatever front end they use.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The embedded store's file.
    pub store: Option<PathBuf>,
    /// A PostgreSQL database instead of the embedded store.
    pub database: Option<String>,
    /// An otklik server to work through instead.
    pub server: Option<String>,
    /// The bearer token for `server`.
    pub token: Option<String>,
    /// A file holding it (`-`: standard input).
    pub token_file: Option<PathBuf>,
    /// Whom to act as on the embedded store.
    pub as_email: Option<String>,
    pub lang: Option<Lang>,
    /// The configuration file, if not the default.
    pub config: Option<PathBuf>,
}

/// Everything that can stop a command, rendered in the user's language.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Sheet(#[from] crate::sheets::SheetError),
    /// A message key of the strings, with its arguments.
    #[error("{key}")]
    Message {
        key: &'static str,
        args: Vec<(&'static str, String)>,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Other(String),
}

impl Failure {
    /// What kind of failure this is, for the log: never the values that
    /// came with it (addresses, names, texts).
    pub fn kind(&self) -> String {
        match self {
            Failure::Service(ServiceError::NotFound { entity, .. }) => {
                format!("not-found {}", entity.key())
            }
            Failure::Service(ServiceError::Invalid(invalid)) => {
                format!("invalid {}", invalid.field.key())
            }
            Failure::Service(e) => serde_json::to_value(e)
                .ok()
                .and_then(|v| v["error"].as_str().map(str::to_string))
                .unwrap_or_else(|| "service".into()),
            Failure::Store(_) => "store".into(),
            Failure::Config(_) => "configuration".into(),
            Failure::Sheet(_) => "sheet".into(),
            Failure::Message { key, .. } => (*key).into(),
            Failure::Io(e) => format!("io {:?}", e.kind()),
            Failure::Other(_) => "other".into(),
        }
    }

    pub fn message(key: &'static str, args: &[(&'static str, &str)]) -> Self {
        Failure::Message {
            key,
            args: args.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        }
    }

    pub fn localized(&self, i18n: &I18n) -> String {
        match self {
            Failure::Service(e) => i18n.error(e),
            Failure::Store(e) => i18n.store_error(e),
            Failure::Config(e) => e.localized(i18n),
            Failure::Sheet(e) => i18n.sheet_error(e),
            Failure::Message { key, args } => {
                let args: Vec<_> = args.iter().map(|(k, v)| (*k, v.as_str().into())).collect();
                i18n.tr(key, &args)
            }
            Failure::Io(e) => e.to_string(),
            Failure::Other(s) => s.clone(),
        }
    }
}

/// Everything a command needs: options, configuration, strings.
pub struct Context {
    pub options: Options,
    pub config: config::ConfigFile,
    pub config_path: PathBuf,
    pub i18n: I18n,
}

impl Context {
    /// Where the data is: the database's URL when one is given (and no
    /// `--store`), else the embedded store's file.
    pub fn store_path(&self) -> PathBuf {
        if let Some(path) = &self.options.store {
            return path.clone();
        }
        if let Some(url) = self.database() {
            return PathBuf::from(url);
        }
        self.config
            .store
            .clone()
            .unwrap_or_else(config::default_store_path)
    }

    /// The PostgreSQL database asked for: `--database`, else the
    /// configuration's `database`.
    pub fn database(&self) -> Option<String> {
        self.options
            .database
            .clone()
            .or_else(|| self.config.database.clone())
    }

    pub fn server(&self) -> Option<String> {
        if self.options.store.is_some() {
            return None;
        }
        if let Some(server) = &self.options.server {
            return Some(server.clone());
        }
        if self.options.database.is_some() {
            return None;
        }
        self.config
            .server
            .clone()
            .or_else(|| match (&self.config.store, &self.config.database) {
                (None, None) => keyring::remembered_server(),
                _ => None,
            })
    }

    /// The token for `server`: `--token`/`OTKLIK_TOKEN`, else the keyring,
    /// else asked for on the terminal.
    pub fn token_for(&self, server: &str) -> Result<String, Failure> {
        if let Some(token) = &self.options.token {
            return Ok(token.clone());
        }
        if let Some(path) = &self.options.token_file {
            let text = if path.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin())?
            } else {
                std::fs::read_to_string(path).map_err(|e| {
                    Failure::message(
                        "token-file-unreadable",
                        &[
                            ("path", &path.display().to_string()),
                            ("detail", &e.to_string()),
                        ],
                    )
                })?
            };
            let token = text.trim();
            if token.is_empty() {
                return Err(Failure::message(
                    "token-file-empty",
                    &[("path", &path.display().to_string())],
                ));
            }
            return Ok(token.to_string());
        }
        if let Some(token) = keyring::stored_token(server) {
            return Ok(token);
        }
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            let prompt = self
                .i18n
                .tr("login-token-prompt", &[("url", server.into())]);
            let token = rpassword::prompt_password(prompt)?;
            if !token.trim().is_empty() {
                return Ok(token.trim().to_string());
            }
        }
        Err(Failure::message("need-token", &[]))
    }

    /// The administration settings of a store at `store`: the defaults
    /// beside it, with what the configuration changes.
    pub fn local_settings(
        &self,
        store: &std::path::Path,
    ) -> Result<crate::service::rules::Settings, Failure> {
        use crate::mail::{MailTransport, Mailer};
        let c = &self.config;
        // Mail files go beside the store's file; for a database, into the
        // working folder's `outbox/` unless the configuration says where.
        let beside = if crate::store::postgres::is_url(&store.to_string_lossy()) {
            Path::new("otklik.db")
        } else {
            store
        };
        let mut s = crate::service::rules::Settings::beside(beside);
        s.lang = self.i18n.lang();
        if let Some(url) = &c.public_url {
            s.public_url = url.clone();
        }
        if let Some(url) = &c.training_url {
            s.training_url = url.clone();
        }
        if let Some(days) = c.invitation_days {
            s.invitation_days = days;
        }
        s.site_proxy = c.site_proxy.clone();
        if let Some(secs) = c.mail.claim_timeout_secs {
            s.mail_claim_secs = i64::from(secs);
        }
        let intake = &c.intake;
        if let Some(accepting) = intake.accepting {
            s.intake.accepting = accepting;
        }
        if let Some(n) = intake.per_address_hour {
            s.intake.per_address_hour = n;
        }
        if let Some(n) = intake.per_contact_day {
            s.intake.per_contact_day = n;
        }
        if let Some(secs) = intake.min_fill_secs {
            s.intake.min_fill_secs = secs;
        }
        if let Some(url) = &intake.policy_url {
            s.intake.policy_url = url.clone();
        }
        if let Some(behind) = intake.behind_proxy {
            s.intake.behind_proxy = behind;
        }
        if let Some(dir) = intake.sms_outbox.clone().or_else(|| c.mail.outbox.clone()) {
            s.sms = std::sync::Arc::new(crate::sms::SmsFiles(dir));
        }
        let from = c
            .mail
            .from
            .clone()
            .unwrap_or_else(|| format!("otklik <{}>", crate::mail::DEFAULT_FROM_ADDRESS));
        let transport = match (&c.mail.smtp_host, &c.mail.outbox) {
            (Some(host), _) => {
                let security = c.mail.smtp_security.unwrap_or_default();
                MailTransport::Smtp {
                    host: host.clone(),
                    port: c.mail.smtp_port.unwrap_or(match security {
                        crate::mail::SmtpSecurity::None => 25,
                        crate::mail::SmtpSecurity::Starttls => 587,
                        crate::mail::SmtpSecurity::Tls => 465,
                    }),
                    security,
                    credentials: c
                        .mail
                        .smtp_user
                        .clone()
                        .map(|u| (u, c.mail.smtp_password.clone().unwrap_or_default())),
                }
            }
            (None, Some(dir)) => MailTransport::Files(dir.clone()),
            (None, None) => s.mailer.transport().clone(),
        };
        s.mailer = Mailer::new(&from, transport).map_err(|e| {
            Failure::message(
                "config-mail-from",
                &[
                    ("path", &self.config_path.display().to_string()),
                    ("detail", &e.to_string()),
                ],
            )
        })?;
        Ok(s)
    }

    /// Opens the embedded store with the configured settings.
    pub fn open_local(
        &self,
        mode: crate::store::OpenMode,
    ) -> Result<crate::service::LocalService, Failure> {
        let path = self.store_path();
        let service = crate::service::LocalService::open(&path, mode)?;
        Ok(service.with_settings(self.local_settings(&path)?))
    }

    pub fn as_email(&self) -> Option<String> {
        self.options
            .as_email
            .clone()
            .or_else(|| self.config.as_email.clone())
    }
}

/// Writes `bytes` to `path` all at once: a temporary file beside it,
/// renamed over it, so that a failure leaves no half-written file.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| {
        Failure::message(
            "cli-cannot-write",
            &[
                ("path", &path.display().to_string()),
                ("detail", &e.to_string()),
            ],
        )
    };
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A report or a code to hand on, not a secret: as files usually are.
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
