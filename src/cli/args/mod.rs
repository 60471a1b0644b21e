//! The command line's grammar: global options and every subcommand with its
//! flags (clap).

mod messages;
mod polls;

use super::*;

pub use messages::*;
pub use polls::PollsCommand;

#[derive(Debug, Args, Clone)]
pub struct Global {
    /// The embedded store (default: ~/.local/share/otklik/otklik.db).
    #[arg(long, global = true, env = "OTKLIK_STORE", value_name = "PATH")]
    pub store: Option<PathBuf>,
    /// A PostgreSQL database instead of the embedded store
    /// (postgres://user:password@host:port/name); --store and --server win over it.
    #[arg(
        long,
        global = true,
        env = "OTKLIK_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database: Option<String>,
    /// Work through an otklik server instead of a local store.
    #[arg(
        long,
        global = true,
        env = "OTKLIK_SERVER",
        value_name = "URL",
        conflicts_with = "store"
    )]
    pub server: Option<String>,
    /// Bearer token for --server. On the command line it is visible to other
    /// users of the machine (ps): prefer --token-file or OTKLIK_TOKEN.
    #[arg(
        long,
        global = true,
        env = "OTKLIK_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Read the bearer token for --server from this file (`-`: standard input).
    #[arg(
        long,
        global = true,
        env = "OTKLIK_TOKEN_FILE",
        value_name = "PATH",
        conflicts_with = "token"
    )]
    pub token_file: Option<PathBuf>,
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
        /// Address to listen on (default: the configuration's `listen`, else 127.0.0.1:8080).
        #[arg(long, env = "OTKLIK_LISTEN")]
        listen: Option<String>,
        /// How the log is written (default: the configuration's `log_format`, else text).
        #[arg(long, env = "OTKLIK_LOG_FORMAT", value_enum)]
        log_format: Option<crate::config::LogFormat>,
        /// Write the log to this file, a new one each day, the last 14 kept
        /// (`serve.log` → `serve.2026-12-02.log`), instead of stderr (default:
        /// the configuration's `log_file`; stderr suits the journal).
        #[arg(long, env = "OTKLIK_LOG_FILE", value_name = "PATH")]
        log_file: Option<PathBuf>,
    },
    /// Bearer tokens for the server.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Shell completions on standard output (`otklik completions bash > /etc/bash_completion.d/otklik`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The manual page on standard output (roff: `otklik man | man -l -`).
    Man,
    /// The store as a whole: copy it to a database server and back.
    #[command(subcommand)]
    Store(StoreCommand),
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
    /// The production calendar deadlines are counted by.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Outgoing mail (invitations): where it stands, and sending what is due.
    #[command(subcommand)]
    Mail(MailCommand),
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
    /// The notices citizens get at each stage of their message (platform
    /// administrators edit them).
    #[command(subcommand)]
    Notices(NoticesCommand),
    /// Polls and votes: prepare, publish, close, results.
    #[command(subcommand)]
    Polls(PollsCommand),
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

#[derive(Debug, Subcommand)]
pub enum NoticesCommand {
    /// Every notice: its stage, whether it was edited, its subject.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One notice's subject and text.
    Show {
        /// registered | accepted | rejected | redirected | answered | duplicate
        notice: String,
        #[arg(long)]
        json: bool,
    },
    /// Replace a notice's subject and text. Placeholders: {number}, {org},
    /// {link}, {deadline}, {reason}, {answer}, {of}, {name}.
    Set {
        notice: String,
        #[arg(long)]
        subject: String,
        /// A file with the text (UTF-8).
        #[arg(long = "body-file")]
        body_file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Put the shipped text back.
    Reset {
        notice: String,
        #[arg(long)]
        json: bool,
    },
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
pub enum CalendarCommand {
    /// A year's days off and working weekends, and whether its calendar is
    /// published or only the Labour Code's holidays are known.
    Show {
        year: i32,
        #[arg(long)]
        json: bool,
    },
    /// Load years of the production calendar (platform administrators):
    /// the project's TOML (`[years.2028]` with `days_off` and
    /// `working_days`) or an xmlcalendar XML file. Each year replaces what
    /// was known of it; deadlines counted from now on follow it.
    Load {
        file: PathBuf,
        /// Check the file and show its years; load nothing.
        #[arg(long = "dry-run")]
        dry_run: bool,
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
        /// The polls widget (the organisation's polls) instead of the message form.
        #[arg(long)]
        polls: bool,
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
    /// Messages received in a period: by organisation and category,
    /// answered, answered on time, overdue now, median working days.
    Statistics {
        /// The organisation (default: your own).
        #[arg(long)]
        org: Option<i64>,
        /// Its whole subtree (curators).
        #[arg(long)]
        subtree: bool,
        /// The period's first day received (YYYY-MM-DD).
        #[arg(long)]
        from: chrono::NaiveDate,
        /// The period's last day received, included (YYYY-MM-DD).
        #[arg(long)]
        to: chrono::NaiveDate,
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
pub enum StoreCommand {
    /// Copy a whole store into a new one: a file into an empty PostgreSQL
    /// database, or a database into a new file. All or nothing; checked at the end.
    Copy {
        /// The store to copy: a file's path or postgres://…
        #[arg(long, value_name = "PATH|URL")]
        from: String,
        /// Where to: a file that does not exist yet, or an empty database.
        #[arg(long, value_name = "PATH|URL")]
        to: String,
    },
    /// Bring the store's schema up to date (opening it does the same) and say its version.
    Migrate,
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// The mail to an organisation's accounts (default: your own) by state,
    /// and every one not sent yet with the reason.
    Status {
        #[arg(long)]
        org: Option<i64>,
        /// The whole subtree below it (administrators and curators above).
        #[arg(long)]
        subtree: bool,
        #[arg(long)]
        json: bool,
    },
    /// Send the mail due now on the store itself: retries, and mail a stopped
    /// process left behind (a server and the terminal client do this on their own).
    Send,
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
