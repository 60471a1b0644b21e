//! Sentences about things outside the service: files that could not be
//! read or written, the store, the widget check, an import, demo progress.

use super::I18n;
use crate::domain::OrgId;
use crate::domain::onboarding::{ImportReport, RowState};
use crate::domain::widget::{PartState, WidgetPart};
use crate::service::MailOutcome;
use crate::store::StoreError;

impl I18n {
    /// A line of demo-building progress.
    pub fn demo_progress(&self, p: &crate::demo::Progress) -> String {
        let i18n = self;
        use crate::demo::Progress;
        match p {
            Progress::Orgs(n) => i18n.tr("demo-progress-orgs", &[("n", (*n).into())]),
            Progress::Accounts(n) => i18n.tr("demo-progress-accounts", &[("n", (*n).into())]),
            Progress::Messages { done, total } => i18n.tr(
                "demo-progress-messages",
                &[("done", (*done).into()), ("total", (*total).into())],
            ),
        }
    }

    /// Why a calendar file could not be loaded, naming the file.
    pub fn calendar_error(
        &self,
        path: &std::path::Path,
        e: &crate::domain::calendar::CalendarError,
    ) -> String {
        use crate::domain::calendar::CalendarError as E;
        let path = path.display().to_string();
        let path = path.as_str();
        let year_date = |key, year: &i32, date: &chrono::NaiveDate| {
            self.tr(
                key,
                &[
                    ("path", path.into()),
                    ("year", i64::from(*year).into()),
                    ("date", date.format("%d.%m.%Y").to_string().as_str().into()),
                ],
            )
        };
        let year_only = |key, year: &i32| {
            self.tr(
                key,
                &[("path", path.into()), ("year", i64::from(*year).into())],
            )
        };
        match e {
            E::Toml(detail) => self.tr(
                "calendar-error-toml",
                &[("path", path.into()), ("detail", detail.message().into())],
            ),
            E::InvalidYear(value) => self.tr(
                "calendar-error-year",
                &[("path", path.into()), ("value", value.as_str().into())],
            ),
            E::InvalidDate { year, value } => self.tr(
                "calendar-error-date",
                &[
                    ("path", path.into()),
                    ("year", i64::from(*year).into()),
                    ("value", value.as_str().into()),
                ],
            ),
            E::DateOutsideYear { year, date } => year_date("calendar-error-outside", year, date),
            E::DayOffOnWeekend { year, date } => {
                year_date("calendar-error-off-weekend", year, date)
            }
            E::WorkingDayOnWeekday { year, date } => {
                year_date("calendar-error-working-weekday", year, date)
            }
            E::DayTwice { year, date } => year_date("calendar-error-twice", year, date),
            E::MissingYear(year) => year_only("calendar-error-missing-year", year),
            E::YearNotLoadable(year) => year_only("calendar-error-not-loadable", year),
            E::NoYears => self.tr("calendar-error-no-years", &[("path", path.into())]),
            E::TooManyYears(max) => self.tr(
                "calendar-error-too-many",
                &[("path", path.into()), ("max", (*max).into())],
            ),
            E::Xml { line, detail } => self.tr(
                "calendar-error-xml",
                &[
                    ("path", path.into()),
                    ("line", (*line).into()),
                    ("detail", detail.as_str().into()),
                ],
            ),
            E::XmlNoCalendar => self.tr("calendar-error-xml-no-calendar", &[("path", path.into())]),
            E::XmlDayType { year, date, value } => self.tr(
                "calendar-error-xml-type",
                &[
                    ("path", path.into()),
                    ("year", i64::from(*year).into()),
                    ("date", date.format("%d.%m.%Y").to_string().as_str().into()),
                    ("value", value.as_str().into()),
                ],
            ),
        }
    }

    /// Why a spreadsheet could not be read, naming the file.
    pub fn sheet_error(&self, e: &crate::sheets::SheetError) -> String {
        let i18n = self;
        use crate::sheets::SheetError;
        let p = |path: &std::path::Path| path.display().to_string();
        match e {
            SheetError::TooLarge { path, size, max } => i18n.tr(
                "sheet-too-large",
                &[
                    ("path", p(path).as_str().into()),
                    ("size", (size / 1024 / 1024).into()),
                    ("max", (max / 1024 / 1024).into()),
                ],
            ),
            SheetError::Empty { path } => {
                i18n.tr("sheet-empty", &[("path", p(path).as_str().into())])
            }
            SheetError::NotASpreadsheet { path } => i18n.tr(
                "sheet-not-spreadsheet",
                &[("path", p(path).as_str().into())],
            ),
            SheetError::Unreadable { path, detail } => i18n.tr(
                "sheet-unreadable",
                &[("path", p(path).as_str().into()), ("detail", detail.into())],
            ),
            SheetError::NoHeader { path, missing } => {
                let names: Vec<String> = missing
                    .iter()
                    .map(|c| format!("«{}»", i18n.t(&format!("column-{}", c.key()))))
                    .collect();
                i18n.tr(
                    "sheet-no-header",
                    &[
                        ("path", p(path).as_str().into()),
                        ("missing", names.join(", ").as_str().into()),
                    ],
                )
            }
            SheetError::Io { path, detail } => i18n.tr(
                "sheet-io",
                &[("path", p(path).as_str().into()), ("detail", detail.into())],
            ),
            SheetError::OverLimit { path, limit } => {
                use crate::sheets::{self, Limit};
                let mb = |n: u64| crate::i18n::Arg::from(n / 1024 / 1024);
                let num = |n: usize| crate::i18n::Arg::from(n as u64);
                let (key, args): (&str, Vec<(&str, crate::i18n::Arg)>) = match limit {
                    Limit::Part { name, size } => (
                        "sheet-limit-part",
                        vec![
                            ("name", name.as_str().into()),
                            ("size", mb(*size)),
                            ("max", mb(sheets::MAX_PART)),
                        ],
                    ),
                    Limit::Unpacked { size } => (
                        "sheet-limit-unpacked",
                        vec![("size", mb(*size)), ("max", mb(sheets::MAX_UNPACKED))],
                    ),
                    Limit::Rows { row } => (
                        "sheet-limit-rows",
                        vec![("row", (*row).into()), ("max", sheets::MAX_ROWS.into())],
                    ),
                    Limit::Cell { row, column } => (
                        "sheet-limit-cell",
                        vec![
                            ("row", (*row).into()),
                            ("column", (*column).into()),
                            ("max", num(sheets::MAX_CELL)),
                        ],
                    ),
                    Limit::Text => (
                        "sheet-limit-text",
                        vec![("max", mb(sheets::MAX_TEXT as u64))],
                    ),
                    Limit::Fields { line } => (
                        "sheet-limit-fields",
                        vec![("line", (*line).into()), ("max", num(sheets::MAX_FIELDS))],
                    ),
                    Limit::Extent { cells } => (
                        "sheet-limit-extent",
                        vec![
                            ("cells", (*cells).into()),
                            ("max", sheets::MAX_CELLS.into()),
                        ],
                    ),
                };
                let shown = p(path);
                let mut all = vec![("path", shown.as_str().into())];
                all.extend(args);
                i18n.tr(key, &all)
            }
        }
    }

    /// Why the store could not be opened or used, naming the file.
    pub fn store_error(&self, e: &StoreError) -> String {
        let i18n = self;
        match e {
            StoreError::Busy | StoreError::Cancelled => {
                i18n.error(&crate::service::ServiceError::Unavailable {
                    detail: e.to_string(),
                })
            }
            StoreError::Failed { detail } => i18n.error(&crate::service::ServiceError::Internal {
                detail: detail.clone(),
            }),
            StoreError::Missing(p) => i18n.tr(
                store_key(p, "store-missing"),
                &[("path", p.display().to_string().as_str().into())],
            ),
            StoreError::NotAStore(p) => i18n.tr(
                store_key(p, "store-not-ours"),
                &[("path", p.display().to_string().as_str().into())],
            ),
            StoreError::Newer { path, found, known } => i18n.tr(
                store_key(path, "store-newer"),
                &[
                    ("path", path.display().to_string().as_str().into()),
                    ("found", (*found).into()),
                    ("known", (*known).into()),
                ],
            ),
            StoreError::Unreachable { location, detail } => i18n.tr(
                "database-unreachable",
                &[
                    ("path", location.as_str().into()),
                    ("detail", detail.into()),
                ],
            ),
            StoreError::SignInRefused { location, detail } => i18n.tr(
                "database-sign-in-refused",
                &[
                    ("path", location.as_str().into()),
                    ("detail", detail.into()),
                ],
            ),
            StoreError::Io { path, detail } => i18n.tr(
                "store-io",
                &[
                    ("path", path.display().to_string().as_str().into()),
                    ("detail", detail.into()),
                ],
            ),
        }
    }

    pub fn widget_part_line(&self, part: WidgetPart, state: &PartState, org: OrgId) -> String {
        let i = self;
        let name = i.t(&format!("widget-part-{}", part.key()));
        match state {
            PartState::Found => format!("✓ {name}"),
            PartState::Missing => format!("✗ {name}: {}", i.t("widget-missing")),
            PartState::OtherOrganisation {
                number,
                name: other,
            } => format!(
                "✗ {name}: {}",
                i.tr(
                    "widget-other-org",
                    &[
                        ("number", (*number).into()),
                        (
                            "name",
                            other
                                .clone()
                                .unwrap_or_else(|| i.t("widget-unknown-org"))
                                .as_str()
                                .into()
                        ),
                        ("org", org.0.into()),
                    ]
                )
            ),
        }
    }

    /// What became of an account's invitation mail: for the command line
    /// (`cli`, naming the commands) or the terminal.
    pub fn mail_outcome(&self, outcome: &MailOutcome, email: &str, cli: bool) -> String {
        match outcome {
            MailOutcome::Sent => self.tr("cli-invitation-sent", &[("email", email.into())]),
            MailOutcome::Queued => self.t("invitation-queued"),
            MailOutcome::Failed { detail, will_retry } => {
                let key = match (will_retry, cli) {
                    (true, true) => "cli-invitation-retrying",
                    (true, false) => "tui-invitation-retrying",
                    (false, true) => "cli-invitation-failed",
                    (false, false) => "tui-invitation-failed",
                };
                self.tr(
                    key,
                    &[("detail", detail.as_str().into()), ("email", email.into())],
                )
            }
        }
    }

    /// The one-paragraph summary of an import.
    pub fn import_summary(&self, report: &ImportReport, dry_run: bool) -> String {
        let i = self;
        let count = |state| report.rows.iter().filter(|r| r.state == state).count() as u64;
        let args = [
            ("rows", (report.rows.len() as u64).into()),
            ("ready", count(RowState::Ready).into()),
            ("merged", count(RowState::Merged).into()),
            ("wrong", count(RowState::Wrong).into()),
            ("orgs_new", report.orgs_created.into()),
            ("orgs_found", report.orgs_matched.into()),
            ("accounts_new", report.accounts_created.into()),
            ("accounts_merged", report.accounts_merged.into()),
            ("sent", report.invitations_sent.into()),
            ("queued", report.invitations_queued.into()),
            ("failed", report.invitations_failed.into()),
        ];
        let key = if !report.problems.is_empty() {
            "import-has-problems"
        } else if dry_run {
            "import-dry-run"
        } else {
            "import-done"
        };
        i.tr(key, &args)
    }
}

/// The message key for a store at `path`: the file's, or (for a
/// `postgres://` URL) the database's.
fn store_key(path: &std::path::Path, file_key: &'static str) -> &'static str {
    if !crate::store::postgres::is_url(&path.to_string_lossy()) {
        return file_key;
    }
    match file_key {
        "store-missing" => "database-missing",
        "store-not-ours" => "database-not-ours",
        _ => "database-newer",
    }
}
