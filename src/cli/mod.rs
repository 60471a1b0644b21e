//! The command line: global options, subcommands, and the one place where
//! errors become a sentence on stderr and an exit status.
//!
//! Options, settings and the backend come from [`crate::app`]; with no
//! subcommand, the interactive front end `main` was given runs.
//!
//! - [`commands`]: `orgs`, `accounts`, `messages`, `token`, `serve`, `demo`
//! - [`output`]: tables and JSON

mod args;

use crate::app::keyring;
pub use crate::app::{Context, Failure, Options};
use crate::config;
use crate::i18n::{I18n, Lang};
use clap::{Args, Parser, Subcommand};
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::ExitCode;

pub use args::*;

mod admin;

mod commands;

mod mail;

mod onboarding;

mod output;

/// What runs when no subcommand is given (the terminal client).
pub type Interactive =
    for<'a> fn(&'a Context) -> Pin<Box<dyn Future<Output = Result<(), Failure>> + 'a>>;

#[derive(Debug, Parser)]
#[command(
    name = "otklik",
    version,
    about = "Back office of a citizens' feedback platform"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// One line on standard output.
pub(crate) fn say(text: impl std::fmt::Display) -> Result<(), Failure> {
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "{text}")?;
    Ok(())
}

/// A reader that stopped reading (`otklik … | head`): not a failure.
fn closed_pipe(e: &Failure) -> bool {
    matches!(e, Failure::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}

impl From<Global> for Options {
    fn from(g: Global) -> Self {
        Options {
            store: g.store,
            database: g.database,
            server: g.server,
            token: g.token,
            token_file: g.token_file,
            as_email: g.as_email,
            lang: g.lang,
            config: g.config,
        }
    }
}

/// `--version`: the program's, and the store schema each backend it reads
/// and writes.
pub fn long_version() -> String {
    format!(
        "{} (store schema: file {}, PostgreSQL {})",
        env!("CARGO_PKG_VERSION"),
        crate::store::sqlite::schema_version(),
        crate::store::postgres::schema_version()
    )
}

/// The grammar as clap sees it, `--version` included.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().long_version(long_version())
}

/// The whole program: parse, run, report.
pub fn main(interactive: Interactive) -> ExitCode {
    use clap::FromArgMatches;
    let cli = match Cli::from_arg_matches(&command().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // The language is needed before the configuration is read, to report its errors.
    let early_lang = cli.global.lang.unwrap_or_default();
    let (config, config_path) = match config::load(cli.global.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", e.localized(&I18n::new(early_lang)));
            return ExitCode::from(1);
        }
    };
    let lang = cli.global.lang.or(config.lang).unwrap_or_default();
    // A client of a server takes the server's zone once signed in.
    crate::domain::clock::set_zone(config.zone());
    let ctx = Context {
        options: cli.global.into(),
        config,
        config_path,
        i18n: I18n::new(lang),
    };
    let _log = match &cli.command {
        Some(Command::Serve {
            log_format,
            log_file,
            ..
        }) => init_logging(Some(ServerLog {
            format: log_format.or(ctx.config.log_format).unwrap_or_default(),
            file: log_file.clone().or_else(|| ctx.config.log_file.clone()),
        })),
        _ => init_logging(None),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(commands::run(&ctx, cli.command, interactive));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::warn!(kind = %e.kind(), "command failed");
            eprintln!("{}", e.localized(&ctx.i18n));
            ExitCode::from(1)
        }
    }
}

/// How the server logs.
struct ServerLog {
    format: config::LogFormat,
    /// A daily-rotated file instead of stderr.
    file: Option<std::path::PathBuf>,
}

/// How many daily log files the server keeps.
const LOG_FILES_KEPT: usize = 14;

/// Logs go to a file (never over the terminal UI); the server logs to
/// stderr (for the journal) or to a daily-rotated file, as text or as JSON
/// lines. A request is a line only when slow or failed, unless
/// `OTKLIK_LOG` asks for `otklik::request=debug`.
fn init_logging(server: Option<ServerLog>) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("OTKLIK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    if let Some(log) = server {
        let (writer, guard, ansi) = match &log.file {
            Some(path) => {
                let appender = rotating_file(path)?;
                let (writer, guard) = tracing_appender::non_blocking(appender);
                (writer, Some(guard), false)
            }
            None => {
                let (writer, guard) = tracing_appender::non_blocking(std::io::stderr());
                // Colours only for a person watching; none in a file or a journal.
                let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
                (writer, Some(guard), ansi)
            }
        };
        let builder = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(writer);
        let _ = match log.format {
            config::LogFormat::Json => builder.json().try_init(),
            config::LogFormat::Text => builder.with_ansi(ansi).try_init(),
        };
        return guard;
    }
    let dir = config::log_dir();
    config::private_dir(&dir).ok()?;
    // The log names routes and errors, never personal data, but it is
    // still nobody else's business.
    drop(config::create_private(&dir.join("otklik.log"), true).ok()?);
    let appender = tracing_appender::rolling::never(&dir, "otklik.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init();
    Some(guard)
}

/// A log file at `path`, a new one each day (`serve.log` →
/// `serve.2026-12-02.log`), the last [`LOG_FILES_KEPT`] kept. `None`, said
/// on stderr, when its folder cannot be made.
fn rotating_file(path: &std::path::Path) -> Option<tracing_appender::rolling::RollingFileAppender> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("otklik");
    let mut builder = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix(stem)
        .max_log_files(LOG_FILES_KEPT);
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        builder = builder.filename_suffix(ext);
    }
    match config::private_dir(dir)
        .map_err(|e| e.to_string())
        .and_then(|()| builder.build(dir).map_err(|e| e.to_string()))
    {
        Ok(appender) => Some(appender),
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        // Clap checks names, conflicts and defaults of every subcommand.
        super::Cli::command().debug_assert();
    }
}
