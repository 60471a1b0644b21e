//! The command line: global options, subcommands, and the one place where
//! errors become a sentence on stderr and an exit status.
//!
//! Options, settings and the backend come from [`crate::app`]; with no
//! subcommand, the interactive front end `main` was given runs.
//!
//! - [`commands`]: `orgs`, `accounts`, `messages`, `token`, `serve`, `demo`
//! - [`output`]: tables and JSON

mod admin;
mod commands;
mod onboarding;
mod output;

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

pub use crate::app::{Context, Failure, Options};
use crate::app::{backend, keyring};
use crate::config;
use crate::i18n::{I18n, Lang};

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

#[derive(Debug, Args, Clone)]
pub struct Global {
    /// The embedded store (default: ~/.local/share/otklik/otklik.db).
    #[arg(long, global = true, env = "OTKLIK_STORE", value_name = "PATH")]
    pub store: Option<PathBuf>,
    /// Work through an otklik server instead of a local store.
    #[arg(
        long,
        global = true,
        env = "OTKLIK_SERVER",
        value_name = "URL",
        conflicts_with = "store"
    )]
    pub server: Option<String>,
    /// Bearer token for --server.
    #[arg(
        long,
        global = true,
        env = "OTKLIK_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Act as this account (embedded store).
    #[arg(long = "as", global = true, env = "OTKLIK_AS", value_name = "EMAIL")]
    pub as_email: Option<String>,
    /// Interface language.
    #[arg(long, global = true, env = "OTKLIK_LANG", value_enum)]
    pub lang: Option<Lang>,
    /// Configuration file (default: ~/.config/otklik/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the store over HTTP for many clients.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
    },
    /// Bearer tokens for the server.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Fill a new store with realistic demo data.
    Demo {
        /// Organisations in all (root, administration, departments, institutions).
        #[arg(long, default_value_t = 66)]
        orgs: u32,
        #[arg(long, default_value_t = 3000)]
        messages: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Organisations.
    #[command(subcommand)]
    Orgs(OrgsCommand),
    /// Accounts.
    #[command(subcommand)]
    Accounts(AccountsCommand),
    /// Messages.
    #[command(subcommand)]
    Messages(MessagesCommand),
    /// Answer templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Invitations.
    #[command(subcommand)]
    Invite(InviteCommand),
    /// Sign in to a server: the token is kept in the system keyring.
    Login {
        /// The server's address, e.g. https://otklik.example.ru
        url: String,
    },
    /// Forget the stored token (and the server signed in to).
    Logout,
    /// "Мною пройдено обучение".
    #[command(subcommand)]
    Training(TrainingCommand),
    /// The site widget of an organisation.
    #[command(subcommand)]
    Widget(WidgetCommand),
    /// Reports.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Import the regional onboarding form (.xlsx or .csv) into a subtree.
    Import {
        file: PathBuf,
        /// Where organisations not found in the subtree are created.
        #[arg(long)]
        org: i64,
        /// Check every row and show what would happen; write nothing.
        #[arg(long = "dry-run")]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Whether new messages go through moderation (platform curators).
    Moderation {
        #[arg(value_enum)]
        switch: Option<OnOff>,
    },
    /// The classifier: categories, their deadlines and stages.
    #[command(subcommand)]
    Categories(CategoriesCommand),
    /// Blank forms.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Data out in the form's columns.
    #[command(subcommand)]
    Export(ExportCommand),
}

/// Filters of `messages list` beyond status and overdue.
#[derive(Debug, Args, Clone, Default)]
pub struct MessageFilters {
    /// A category's number (its subcategories included).
    #[arg(long)]
    pub category: Option<i64>,
    /// The executor's e-mail.
    #[arg(long, conflicts_with = "unassigned")]
    pub assignee: Option<String>,
    /// Only messages nobody is assigned to.
    #[arg(long)]
    pub unassigned: bool,
    /// gosuslugi, mobile-app, widget, other
    #[arg(long)]
    pub source: Option<String>,
    /// The whole subtree of the organisation (curators).
    #[arg(long)]
    pub subtree: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Debug, Subcommand)]
pub enum CategoriesCommand {
    /// Every category with its deadline (working days) and stages.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Set a category's deadline and stage budgets (platform administrators).
    Set {
        /// The category's number or name.
        category: String,
        /// Working days to answer.
        #[arg(long)]
        days: u32,
        /// Stage budgets moderation/execution/approval, adding up to --days: 1/8/1.
        #[arg(long, conflicts_with = "no_stages")]
        stages: Option<String>,
        /// No stages: one deadline.
        #[arg(long = "no-stages")]
        no_stages: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// The empty onboarding form: columns, formats, drop-downs, the classifier sheet.
    Onboarding {
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The accounts of a subtree in the onboarding form's columns (.xlsx or .csv).
    Accounts {
        #[arg(long)]
        org: i64,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum InviteCommand {
    /// Accept an invitation by proving the invited address.
    Accept {
        token: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrainingCommand {
    /// Confirm that you have studied the training materials.
    Confirm {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum WidgetCommand {
    /// Generate the widget code (administrators); the number at its end is the organisation's.
    Code {
        org: i64,
        /// schools, kindergartens, social, utilities, general (default: by the kind of organisation)
        #[arg(long)]
        variant: Option<String>,
        #[arg(long)]
        banner: Option<String>,
        /// Write the code to this file instead of printing it.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Read the organisation's main page and report each part of the widget.
    Check {
        org: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
    Xlsx,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Readiness of the organisations of a subtree.
    Readiness {
        /// The subtree's root (default: your own organisation).
        #[arg(long)]
        org: Option<i64>,
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
        /// Write to this file (required for xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// The form's fields as flags, shared by `accounts add` and `accounts edit`.
#[derive(Debug, Args, Clone, Default)]
pub struct AccountFlags {
    #[arg(long)]
    pub surname: Option<String>,
    /// First name.
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub patronymic: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub position: Option<String>,
    /// Comma-separated: admin,coordinator,executor,leader,curator
    #[arg(long)]
    pub roles: Option<String>,
    /// Categories the person handles, comma-separated names or numbers ("" for none).
    #[arg(long)]
    pub categories: Option<String>,
}

/// The organisation form's fields as flags, shared by `orgs add` and `orgs edit`.
#[derive(Debug, Args, Clone, Default)]
pub struct OrgFlags {
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long = "short-name")]
    pub short_name: Option<String>,
    /// administration, department, school, kindergartens, culture, sport, social, utilities, other
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long)]
    pub inn: Option<String>,
    #[arg(long)]
    pub ogrn: Option<String>,
    /// The site's main page.
    #[arg(long)]
    pub site: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Templates for an organisation's messages (default: your own): its own and those above it.
    List {
        #[arg(long)]
        org: Option<i64>,
        /// Those of this category first.
        #[arg(long)]
        category: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// A new template (administrators). Placeholders: {имя} {номер} {организация} {дата}.
    Add {
        #[arg(long)]
        title: String,
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        text: Option<String>,
        #[arg(long)]
        file: Option<PathBuf>,
        /// For one category (default: any).
        #[arg(long)]
        category: Option<i64>,
        /// The organisation that keeps it (default: your own).
        #[arg(long)]
        org: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Change a template (administrators); what is not given stays.
    Edit {
        id: i64,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, conflicts_with = "file")]
        text: Option<String>,
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long, conflicts_with = "general")]
        category: Option<i64>,
        /// For any category.
        #[arg(long)]
        general: bool,
        /// The organisation that keeps it (default: your own).
        #[arg(long)]
        org: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Delete a template (administrators).
    Delete {
        id: i64,
        #[arg(long)]
        org: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Print a new token for the account, once; only its hash is kept.
    Issue { email: String },
}

#[derive(Debug, Subcommand)]
pub enum OrgsCommand {
    /// The organisation tree with message counts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Create a child cabinet (administrators of the parent).
    Add {
        #[arg(long)]
        parent: i64,
        #[command(flatten)]
        fields: OrgFlags,
        #[arg(long)]
        json: bool,
    },
    /// Change a cabinet's details and flags; what is not given stays.
    Edit {
        id: i64,
        #[command(flatten)]
        fields: OrgFlags,
        /// "ЛКО готов к работе" (administrators); --ready=false clears it.
        #[arg(long, num_args = 0..=1, default_missing_value = "true")]
        ready: Option<bool>,
        /// "Сайт размещения виджета" (platform curators only).
        #[arg(long = "widget-site-approved", num_args = 0..=1, default_missing_value = "true")]
        widget_site_approved: Option<bool>,
        /// The date the subtree is to be ready by, YYYY-MM-DD, or "none" (curators).
        #[arg(long = "readiness-deadline")]
        readiness_deadline: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// Accounts of an organisation (default: your own).
    List {
        #[arg(long)]
        org: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Create an account and send its invitation (administrators).
    Add {
        #[arg(long)]
        org: i64,
        #[command(flatten)]
        fields: AccountFlags,
        #[arg(long)]
        json: bool,
    },
    /// Change an account; what is not given stays.
    Edit {
        /// The account's current e-mail.
        #[arg(value_name = "EMAIL")]
        account: String,
        #[command(flatten)]
        fields: AccountFlags,
        #[arg(long)]
        json: bool,
    },
    /// Archive an account: it can no longer sign in.
    Archive {
        email: String,
        #[arg(long)]
        json: bool,
    },
    /// Restore an archived account.
    Restore {
        email: String,
        #[arg(long)]
        json: bool,
    },
    /// Send the invitation again; the earlier link stops working.
    Resend {
        email: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum MessagesCommand {
    /// Messages of an organisation (default: your own), newest first.
    List {
        #[arg(long)]
        org: Option<i64>,
        /// Statuses, comma-separated: new,in-work,on-approval,…
        #[arg(long)]
        status: Option<String>,
        /// Only overdue ones.
        #[arg(long)]
        overdue: bool,
        #[command(flatten)]
        filters: MessageFilters,
        /// At most this many.
        #[arg(long)]
        limit: Option<u64>,
        #[arg(long)]
        json: bool,
    },
    /// One message with its history.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Accept a message in moderation (platform curators).
    Accept {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Reject a message in moderation, with the reason.
    Reject {
        id: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Give a message to an executor of its organisation (coordinators).
    Assign {
        id: i64,
        /// The executor's e-mail.
        #[arg(long)]
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the draft reply (the assigned executor).
    Draft {
        id: i64,
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        text: Option<String>,
        /// Read the draft from a UTF-8 file ("-" for standard input).
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Send the draft for approval (the assigned executor).
    Submit {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Approve the reply: it becomes the answer and is delivered (leaders).
    Approve {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Return the reply for rework, with a comment (leaders).
    Return {
        id: i64,
        #[arg(long)]
        comment: String,
        #[arg(long)]
        json: bool,
    },
    /// Ask to move the message to another organisation.
    Redirect {
        id: i64,
        #[arg(long = "to-org")]
        to_org: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Approve or decline a requested redirect (leaders).
    DecideRedirect {
        id: i64,
        #[arg(long, conflicts_with = "decline", required_unless_present = "decline")]
        approve: bool,
        #[arg(long)]
        decline: bool,
        #[arg(long)]
        comment: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Close without an answer, with the reason (leaders).
    Close {
        id: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// A citizen's message arriving through the intake (platform curators):
    /// into moderation, or straight to the organisation when it is off.
    Receive {
        #[arg(long)]
        org: i64,
        #[arg(long)]
        text: String,
        #[arg(long)]
        citizen: String,
        /// E-mail or phone for the answer.
        #[arg(long)]
        contact: String,
        #[arg(long)]
        category: Option<i64>,
        /// gosuslugi, mobile-app, widget, other
        #[arg(long, default_value = "widget")]
        source: String,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

impl MessagesCommand {
    /// The lifecycle step a command asks for (the executor still to be found
    /// for `assign`), with its message and `--json`.
    pub fn step(&self) -> Option<(i64, Step, bool)> {
        use crate::domain::Act;
        let (id, step, json) = match self {
            MessagesCommand::List { .. }
            | MessagesCommand::Show { .. }
            | MessagesCommand::Receive { .. } => return None,
            MessagesCommand::Accept { id, json } => (id, Step::Act(Act::Accept), json),
            MessagesCommand::Reject { id, reason, json } => (
                id,
                Step::Act(Act::Reject {
                    reason: reason.clone(),
                }),
                json,
            ),
            MessagesCommand::Assign { id, to, json } => (id, Step::AssignTo(to.clone()), json),
            MessagesCommand::Draft {
                id,
                text,
                file,
                json,
            } => (
                id,
                Step::Draft {
                    text: text.clone(),
                    file: file.clone(),
                },
                json,
            ),
            MessagesCommand::Submit { id, json } => (id, Step::Act(Act::SubmitDraft), json),
            MessagesCommand::Approve { id, json } => (id, Step::Act(Act::Approve), json),
            MessagesCommand::Return { id, comment, json } => (
                id,
                Step::Act(Act::Return {
                    comment: comment.clone(),
                }),
                json,
            ),
            MessagesCommand::Redirect {
                id,
                to_org,
                reason,
                json,
            } => (
                id,
                Step::Act(Act::AskRedirect {
                    target: crate::domain::OrgId(*to_org),
                    reason: reason.clone(),
                }),
                json,
            ),
            MessagesCommand::DecideRedirect {
                id,
                approve,
                comment,
                json,
                ..
            } => {
                let act = if *approve {
                    Act::ApproveRedirect
                } else {
                    Act::DeclineRedirect {
                        comment: comment.clone(),
                    }
                };
                (id, Step::Act(act), json)
            }
            MessagesCommand::Close { id, reason, json } => (
                id,
                Step::Act(Act::Close {
                    reason: reason.clone(),
                }),
                json,
            ),
        };
        Some((*id, step, *json))
    }
}

/// What a lifecycle command needs to become an `Act`.
#[derive(Debug, Clone)]
pub enum Step {
    Act(crate::domain::Act),
    /// Assign to the executor with this e-mail.
    AssignTo(String),
    Draft {
        text: Option<String>,
        file: Option<PathBuf>,
    },
}

impl From<Global> for Options {
    fn from(g: Global) -> Self {
        Options {
            store: g.store,
            server: g.server,
            token: g.token,
            as_email: g.as_email,
            lang: g.lang,
            config: g.config,
        }
    }
}

/// The whole program: parse, run, report.
pub fn main(interactive: Interactive) -> ExitCode {
    let cli = Cli::parse();
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
    let ctx = Context {
        options: cli.global.into(),
        config,
        config_path,
        i18n: I18n::new(lang),
    };
    let _log = init_logging(matches!(cli.command, Some(Command::Serve { .. })));
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
        Err(e) => {
            tracing::warn!(error = %e, "command failed");
            eprintln!("{}", e.localized(&ctx.i18n));
            ExitCode::from(1)
        }
    }
}

/// Logs go to a file (never over the terminal UI); the server logs to stderr.
fn init_logging(to_stderr: bool) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("OTKLIK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    if to_stderr {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .try_init();
        return None;
    }
    let dir = config::log_dir();
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::never(&dir, "otklik.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init();
    Some(guard)
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
