//! Configuration: defaults embedded from `assets/`, the user's file found
//! in the XDG config directory (or `OTKLIK_CONFIG`), strict about unknown
//! keys, and environment variables over both (handled by the CLI).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::clock;
use crate::i18n::{I18n, Lang};

pub const DEFAULT_KEYMAP: &str = include_str!("../assets/keymap.toml");
pub const DEFAULT_THEME: &str = include_str!("../assets/theme.toml");

/// `~/.config/otklik/config.toml`; every key is optional.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub lang: Option<Lang>,
    pub store: Option<PathBuf>,
    /// A PostgreSQL database (postgres://…) instead of the embedded store.
    pub database: Option<String>,
    pub server: Option<String>,
    /// Whom to act as on the embedded store.
    #[serde(rename = "as")]
    pub as_email: Option<String>,
    /// Where `otklik serve` listens (host:port).
    pub listen: Option<String>,
    /// How `otklik serve` writes its log: text or json (one object a line).
    pub log_format: Option<LogFormat>,
    /// A file for `otklik serve`'s log, rotated daily (default: stderr).
    pub log_file: Option<PathBuf>,
    /// The server's address as people reach it; invitation links start with it.
    pub public_url: Option<String>,
    /// The training materials people confirm they have studied.
    pub training_url: Option<String>,
    /// How many days an invitation link works (default 7).
    pub invitation_days: Option<u32>,
    /// A proxy for reading organisations' sites (the widget check).
    pub site_proxy: Option<String>,
    /// The platform's time zone (`Europe/Kaliningrad`): "today", overdue and
    /// every time shown (default: Moscow).
    pub timezone: Option<String>,
    /// Outgoing mail (invitations).
    #[serde(default)]
    pub mail: MailConfig,
    /// `[intake]`: the public form on `otklik serve`.
    #[serde(default)]
    pub intake: IntakeConfig,
    /// action = [keys], replacing that action's default keys.
    #[serde(default)]
    pub keys: BTreeMap<String, Vec<String>>,
    /// A named theme (`theme = "light"`), or colour name = colour over one
    /// (`[theme]`, `base = "…"` naming it; the default theme without).
    #[serde(default)]
    pub theme: ThemeSetting,
}

/// `theme = "high-contrast"`, or a `[theme]` table of colours.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ThemeSetting {
    Named(String),
    Colours(BTreeMap<String, String>),
}

impl Default for ThemeSetting {
    fn default() -> Self {
        ThemeSetting::Colours(BTreeMap::new())
    }
}

/// The themes shipped, by name: the default first.
pub const THEMES: &[(&str, &str)] = &[
    ("default", DEFAULT_THEME),
    ("light", include_str!("../assets/theme-light.toml")),
    (
        "high-contrast",
        include_str!("../assets/theme-high-contrast.toml"),
    ),
];

/// How the server writes its log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    /// One JSON object a line, for a log collector.
    Json,
}

/// `[mail]`: SMTP when `smtp_host` is set, otherwise `.eml` files in
/// `outbox` (default: `outbox/` beside the store).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// "Отклик <noreply@example.ru>"
    pub from: Option<String>,
    pub outbox: Option<PathBuf>,
    pub smtp_host: Option<String>,
    pub smtp_port: Option<u16>,
    /// none | starttls | tls (default starttls)
    pub smtp_security: Option<crate::mail::SmtpSecurity>,
    pub smtp_user: Option<String>,
    pub smtp_password: Option<String>,
    /// Seconds a mail taken for sending stays with its sender before
    /// another process takes it over (the first one stopped); default 300.
    /// Keep it above the SMTP timeout (20 s), or a slow send is sent twice.
    pub claim_timeout_secs: Option<u32>,
}

/// `[intake]`: which organisations the public form takes messages for,
/// and its limits.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntakeConfig {
    /// approved (widget site approved; the default) | ready | all
    pub accepting: Option<crate::service::rules::Accepting>,
    /// Posts taken from one network address in an hour (default 20).
    pub per_address_hour: Option<u32>,
    /// Messages taken for one e-mail or phone in a day (default 5).
    pub per_contact_day: Option<u32>,
    /// Seconds the form must be open before it is sent (default 3).
    pub min_fill_secs: Option<u64>,
    /// The personal data policy the consent links to.
    pub policy_url: Option<String>,
    /// The server is behind its own proxy (nginx): count posts by the
    /// address the proxy appends to `X-Forwarded-For`.
    pub behind_proxy: Option<bool>,
    /// Texts to citizens' phones as `.sms` files in this folder (default:
    /// the mail's `outbox/`), for an SMS provider's uploader.
    pub sms_outbox: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: unknown key `{key}`")]
    UnknownKey { path: PathBuf, key: String },
    #[error("{path}: {detail}")]
    Syntax { path: PathBuf, detail: String },
    #[error("{path}: unknown action `{action}`")]
    UnknownAction { path: PathBuf, action: String },
    #[error("{path}: cannot read key `{key}`")]
    BadKey { path: PathBuf, key: String },
    #[error("{path}: key `{key}` of `{action}` types text where it applies")]
    TypingKey {
        path: PathBuf,
        key: String,
        action: String,
    },
    #[error("{path}: key `{key}` is bound to both `{first}` and `{second}`")]
    KeyConflict {
        path: PathBuf,
        key: String,
        first: String,
        second: String,
    },
    #[error("{path}: unknown colour `{color}` for `{name}`")]
    BadColor {
        path: PathBuf,
        name: String,
        color: String,
    },
    #[error("{path}: unknown theme `{name}`")]
    UnknownTheme { path: PathBuf, name: String },
    #[error("{path}: unknown time zone `{name}`")]
    UnknownZone { path: PathBuf, name: String },
}

impl ConfigError {
    pub fn localized(&self, i18n: &I18n) -> String {
        let p = |path: &Path| path.display().to_string();
        match self {
            ConfigError::UnknownKey { path, key } => i18n.tr(
                "config-unknown-key",
                &[("path", p(path).as_str().into()), ("key", key.into())],
            ),
            ConfigError::Syntax { path, detail } => i18n.tr(
                "config-error",
                &[("path", p(path).as_str().into()), ("detail", detail.into())],
            ),
            ConfigError::UnknownAction { path, action } => i18n.tr(
                "keymap-unknown-action",
                &[("path", p(path).as_str().into()), ("action", action.into())],
            ),
            ConfigError::BadKey { path, key } => i18n.tr(
                "keymap-bad-key",
                &[("path", p(path).as_str().into()), ("key", key.into())],
            ),
            ConfigError::TypingKey { path, key, action } => i18n.tr(
                "keymap-typing-key",
                &[
                    ("path", p(path).as_str().into()),
                    ("key", key.into()),
                    ("action", action.into()),
                ],
            ),
            ConfigError::KeyConflict {
                path,
                key,
                first,
                second,
            } => i18n.tr(
                "keymap-conflict",
                &[
                    ("path", p(path).as_str().into()),
                    ("key", key.into()),
                    ("first", first.into()),
                    ("second", second.into()),
                ],
            ),
            ConfigError::BadColor { path, name, color } => i18n.tr(
                "theme-bad-color",
                &[
                    ("path", p(path).as_str().into()),
                    ("name", name.into()),
                    ("color", color.into()),
                ],
            ),
            ConfigError::UnknownZone { path, name } => i18n.tr(
                "config-unknown-zone",
                &[("path", p(path).as_str().into()), ("name", name.into())],
            ),
            ConfigError::UnknownTheme { path, name } => {
                let known = THEMES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ");
                i18n.tr(
                    "theme-unknown",
                    &[
                        ("path", p(path).as_str().into()),
                        ("name", name.into()),
                        ("known", known.as_str().into()),
                    ],
                )
            }
        }
    }
}

/// Where the user's configuration file is looked for.
pub fn config_path() -> Option<PathBuf> {
    match std::env::var_os("OTKLIK_CONFIG") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => dirs::config_dir().map(|d| d.join("otklik").join("config.toml")),
    }
}

/// The default store: `~/.local/share/otklik/otklik.db`.
pub fn default_store_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("otklik")
        .join("otklik.db")
}

/// Where logs go: `~/.local/state/otklik/` (or the data directory).
pub fn log_dir() -> PathBuf {
    dirs::state_dir()
        .or_else(dirs::data_dir)
        .unwrap_or_else(std::env::temp_dir)
        .join("otklik")
}

impl ConfigFile {
    /// The platform's time zone: `timezone`, checked when the file was read.
    pub fn zone(&self) -> chrono_tz::Tz {
        self.timezone
            .as_deref()
            .and_then(clock::parse_zone)
            .unwrap_or(clock::DEFAULT_ZONE)
    }
}

/// Parses a configuration text; `path` names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, ConfigError> {
    let file = parse_keys(text, path)?;
    match &file.timezone {
        Some(name) if clock::parse_zone(name).is_none() => Err(ConfigError::UnknownZone {
            path: path.to_path_buf(),
            name: name.clone(),
        }),
        _ => Ok(file),
    }
}

fn parse_keys(text: &str, path: &Path) -> Result<ConfigFile, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let detail = e.message().to_string();
        match detail
            .strip_prefix("unknown field `")
            .and_then(|r| r.split_once('`'))
        {
            Some((key, _)) => ConfigError::UnknownKey {
                path: path.to_path_buf(),
                key: key.to_string(),
            },
            None => ConfigError::Syntax {
                path: path.to_path_buf(),
                detail: match e.span() {
                    Some(span) => {
                        let line = text[..span.start.min(text.len())].lines().count().max(1);
                        format!("line {line}: {detail}")
                    }
                    None => detail,
                },
            },
        }
    })
}

/// Reads the user's file; a missing file is an empty configuration.
pub fn load(path: Option<&Path>) -> Result<(ConfigFile, PathBuf), ConfigError> {
    let Some(path) = path.map(Path::to_path_buf).or_else(config_path) else {
        return Ok((ConfigFile::default(), PathBuf::new()));
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((parse(&text, &path)?, path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((ConfigFile::default(), path)),
        Err(e) => Err(ConfigError::Syntax {
            path,
            detail: e.to_string(),
        }),
    }
}

/// Creates `dir` and its missing parents readable by the owner only
/// (folders of stores, drafts and logs: they hold personal data).
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Makes `path` readable and writable by its owner only.
pub fn private_file(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Creates (or truncates) `path` for writing, readable by its owner only.
pub fn create_private(path: &Path, append: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).write(true);
    if append {
        options.append(true);
    } else {
        options.truncate(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_file() {
        let c = parse(
            "lang = \"en\"\nstore = \"/tmp/x.db\"\nas = \"a@b.ru\"\n[keys]\nquit = [\"ctrl-q\"]\n[theme]\naccent = \"red\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.lang, Some(Lang::En));
        assert_eq!(c.as_email.as_deref(), Some("a@b.ru"));
        assert_eq!(c.keys["quit"], vec!["ctrl-q".to_string()]);
        assert_eq!(
            c.theme,
            ThemeSetting::Colours([("accent".to_string(), "red".to_string())].into())
        );
    }

    #[test]
    fn a_theme_is_named_or_a_table() {
        let named = parse("theme = \"high-contrast\"\n", Path::new("c.toml")).unwrap();
        assert_eq!(named.theme, ThemeSetting::Named("high-contrast".into()));
        let based = parse("[theme]\nbase = \"light\"\n", Path::new("c.toml")).unwrap();
        assert_eq!(
            based.theme,
            ThemeSetting::Colours([("base".to_string(), "light".to_string())].into())
        );
    }

    #[test]
    fn unknown_keys_are_named() {
        let e = parse("colour = 1\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(
            e,
            ConfigError::UnknownKey {
                path: "c.toml".into(),
                key: "colour".into()
            }
        );
        let i = I18n::new(Lang::Ru);
        assert!(
            e.localized(&i).contains("неизвестный ключ «colour»"),
            "{}",
            e.localized(&i)
        );
    }

    #[test]
    fn syntax_errors_give_the_line() {
        let e = parse("lang = \"ru\"\nstore = \n", Path::new("c.toml")).unwrap_err();
        match e {
            ConfigError::Syntax { detail, .. } => assert!(detail.starts_with("line 2"), "{detail}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_embedded_defaults_parse() {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Keys {
            keys: BTreeMap<String, Vec<String>>,
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Theme {
            theme: BTreeMap<String, String>,
        }
        assert!(toml::from_str::<Keys>(DEFAULT_KEYMAP).unwrap().keys.len() > 10);
        assert!(toml::from_str::<Theme>(DEFAULT_THEME).unwrap().theme.len() > 10);
    }
}
