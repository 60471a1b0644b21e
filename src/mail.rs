//! Outgoing mail: invitations. Through SMTP on a server, or into a folder
//! of `.eml` files (the default beside an embedded store). Cyrillic
//! domains travel in their IDNA form; a Cyrillic local part needs a server
//! that offers SMTPUTF8. Each mail carries a key (the queue's): the file's
//! name and the `Message-ID`, so that sending it again after a crash
//! replaces the file and lets a receiving server drop the second copy.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Address, SmtpTransport, Transport};
use serde::Deserialize;

use crate::domain::values::Email;

/// How an SMTP connection is secured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SmtpSecurity {
    /// Plain connection (a relay on the same host or network).
    None,
    /// Upgrade with STARTTLS (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

#[derive(Clone)]
pub enum MailTransport {
    /// One `.eml` file per mail in this folder.
    Files(PathBuf),
    Smtp {
        host: String,
        port: u16,
        security: SmtpSecurity,
        credentials: Option<(String, String)>,
    },
}

/// Never prints the SMTP password.
impl std::fmt::Debug for MailTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MailTransport::Files(dir) => f.debug_tuple("Files").field(dir).finish(),
            MailTransport::Smtp {
                host,
                port,
                security,
                credentials,
            } => f
                .debug_struct("Smtp")
                .field("host", host)
                .field("port", port)
                .field("security", security)
                .field("user", &credentials.as_ref().map(|(u, _)| u))
                .finish_non_exhaustive(),
        }
    }
}

/// Sends mail from one address through one transport.
#[derive(Debug, Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: MailTransport,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    #[error("the address {0} cannot be used for mail")]
    Address(String),
    #[error("{0}")]
    Send(String),
}

impl MailError {
    /// What went wrong, without the address (for logs).
    pub fn kind(&self) -> &'static str {
        match self {
            MailError::Address(_) => "address",
            MailError::Send(_) => "send",
        }
    }
}

pub const DEFAULT_FROM_ADDRESS: &str = "noreply@otklik.invalid";

fn mailbox(name: Option<String>, email: &Email) -> Result<Mailbox, MailError> {
    let ascii = email.ascii();
    let (user, domain) = ascii
        .rsplit_once('@')
        .ok_or_else(|| MailError::Address(email.to_string()))?;
    let address = Address::new(user, domain).map_err(|_| MailError::Address(email.to_string()))?;
    Ok(Mailbox::new(name, address))
}

impl Mailer {
    pub fn new(from: &str, transport: MailTransport) -> Result<Self, MailError> {
        let from = from
            .parse::<Mailbox>()
            .map_err(|_| MailError::Address(from.to_string()))?;
        Ok(Mailer { from, transport })
    }

    /// Files into `dir`, created on the first mail.
    pub fn files(dir: PathBuf) -> Self {
        Mailer {
            from: Mailbox::new(
                Some("otklik".into()),
                DEFAULT_FROM_ADDRESS
                    .parse()
                    .expect("the default sender is a valid address"),
            ),
            transport: MailTransport::Files(dir),
        }
    }

    pub fn transport(&self) -> &MailTransport {
        &self.transport
    }

    /// Sends one plain-text mail; blocking (run it off the async runtime).
    pub fn send(
        &self,
        key: &str,
        to_name: &str,
        to: &Email,
        subject: &str,
        body: &str,
    ) -> Result<(), MailError> {
        let message = lettre::Message::builder()
            .from(self.from.clone())
            .to(mailbox(Some(to_name.to_string()), to)?)
            .subject(subject)
            .message_id(Some(format!("<{key}@{}>", self.from.email.domain())))
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| MailError::Send(e.to_string()))?;
        match &self.transport {
            MailTransport::Files(dir) => {
                // The mails carry live links: the folder is its owner's alone.
                let mut builder = std::fs::DirBuilder::new();
                builder.recursive(true);
                #[cfg(unix)]
                std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
                let failed = |e: std::io::Error| MailError::Send(format!("{}: {e}", dir.display()));
                builder.create(dir).map_err(failed)?;
                // Sent again after a crash, the mail overwrites its own file.
                let path = dir.join(format!("{key}.eml"));
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create(true).truncate(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.open(&path).map_err(failed)?;
                std::io::Write::write_all(&mut file, &message.formatted()).map_err(failed)
            }
            MailTransport::Smtp {
                host,
                port,
                security,
                credentials,
            } => {
                let tls =
                    || TlsParameters::new(host.clone()).map_err(|e| MailError::Send(e.to_string()));
                let mut builder = SmtpTransport::builder_dangerous(host.as_str())
                    .port(*port)
                    .timeout(Some(Duration::from_secs(20)));
                builder = match security {
                    SmtpSecurity::None => builder.tls(Tls::None),
                    SmtpSecurity::Starttls => builder.tls(Tls::Required(tls()?)),
                    SmtpSecurity::Tls => builder.tls(Tls::Wrapper(tls()?)),
                };
                if let Some((user, password)) = credentials {
                    builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
                }
                builder
                    .build()
                    .send(&message)
                    .map(drop)
                    .map_err(|e| MailError::Send(format!("{host}:{port}: {e}")))
            }
        }
    }
}
