//! The service surface, declared once.
//!
//! [`operations!`] is the one table of every operation: its arguments, its
//! answer, its HTTP method and path. It hands the table to a generator
//! macro, and each side of the wire has its own:
//!
//! - `service::declare_service!` — the [`super::Service`] trait
//! - `service::rules::local_service!` — the trait over the rules, with the
//!   training gate in one place
//! - `service::remote::remote_service!` — the HTTP client
//! - `server::surface::server_routes!` — the routes and their handlers
//! - `server::openapi::openapi_operations!` — `/api/v1/openapi.json`
//!
//! The table has three sections: `public` operations need no sign-in,
//! `signed_in` ones take the actor but work before the training is
//! confirmed, `trained` ones (the rest) only after it.
//!
//! An entry reads `fn name([path_arg: Type] arg: Type => Owned, …) whole?
//! -> Answer = METHOD "/path/{id}";`. The path argument, in brackets, fills
//! `{id}`. The other arguments travel by name: in the query string of a
//! GET or DELETE, as the fields of a JSON object in the body otherwise.
//! `whole` says the one argument is the query string or the body itself.
//! `=> Owned` names the type the server reads a borrowed argument into;
//! `= value` is what a request that leaves the argument out means.

/// Calls `$generator! { extra: { … } public { … } signed_in { … } trained { … } }`
/// with the whole table; `{ … }` after the generator's name is passed on
/// as `extra` (items the generator adds by hand).
macro_rules! operations {
    ($generator:ident $({ $($extra:tt)* })?) => {
        $generator! {
            extra: { $($($extra)*)? }
            public {
                /// Accepts an invitation by proving the invited address: the
                /// account becomes Confirmed and gets a sign-in token.
                fn accept_invitation(token: &str => String, email: &str => String)
                    -> InvitationAccepted = POST "/api/v1/invitations/accept";
                /// Where the training materials are.
                fn training_url() -> String = GET "/api/v1/me/training";
                /// The platform's settings every client follows: its time zone
                /// and the production calendar's loaded years.
                fn platform() -> Platform = GET "/api/v1/platform";
                /// Where a citizen's message stands, by its private tracking
                /// link's token: the stage in words, the deadline, the answer.
                fn track_message(token: &str => String) -> Tracking = POST "/api/v1/tracking";
            }
            signed_in {
                /// The person the credentials belong to.
                fn whoami() -> Actor = GET "/api/v1/me";
                /// Records "Мною пройдено обучение"; the only call allowed before it.
                fn confirm_training() -> Actor = POST "/api/v1/me/training";
            }
            trained {
                /// Children of `parent` (the roots when `None`), with their message counts.
                fn org_children(parent: Option<OrgId>) -> Vec<OrgNode> = GET "/api/v1/orgs";
                /// The nodes from the root down to `org`, inclusive.
                fn org_ancestors([org: OrgId]) -> Vec<OrgNode> = GET "/api/v1/orgs/{id}/ancestors";
                /// Organisations whose name contains `text` or whose number is `text`.
                fn search_orgs(q: &str => String, limit: u32 = 0) -> Vec<OrgNode>
                    = GET "/api/v1/orgs/search";
                /// All details of one organisation.
                fn organisation([org: OrgId]) -> Organisation = GET "/api/v1/orgs/{id}";
                /// Accounts of one organisation, by name.
                fn accounts([org: OrgId] query: &AccountQuery => AccountQuery) whole
                    -> Page<Account> = GET "/api/v1/orgs/{id}/accounts";
                /// A page of an organisation's queue, newest first.
                fn messages(query: &MessageQuery => MessageQuery) whole -> Page<MessageRow>
                    = GET "/api/v1/messages";
                /// How many messages a query finds (paging ignored).
                fn count_messages(query: &MessageQuery => MessageQuery) whole -> u64
                    = GET "/api/v1/messages/count";
                /// How many messages a query finds in each status, its own
                /// statuses aside (the queue's tabs under a search or filter).
                fn count_by_status(query: &MessageQuery => MessageQuery) whole
                    -> Vec<(MessageStatus, u64)> = GET "/api/v1/messages/count-by-status";
                /// Counts per status (and overdue) of the messages the actor sees in `org`.
                fn message_counts([org: OrgId]) -> StatusCounts
                    = GET "/api/v1/orgs/{id}/message-counts";
                /// One message with the newest page of its history.
                fn message([id: MessageId]) -> Message = GET "/api/v1/messages/{id}";
                /// A staff note on a message, in its history with its author;
                /// never shown to the citizen.
                fn add_note([id: MessageId] text: &str => String) -> Message
                    = POST "/api/v1/messages/{id}/notes";
                /// Links two messages the actor may see as related (both ways).
                fn link_messages([id: MessageId] other: MessageId) -> Message
                    = POST "/api/v1/messages/{id}/links";
                /// Removes a related link between two messages.
                fn unlink_messages([id: MessageId] other: MessageId) -> Message
                    = DELETE "/api/v1/messages/{id}/links";
                /// The message's history (its newest steps, up to a bound)
                /// with the draft each edit left: its timeline.
                fn message_timeline([id: MessageId]) -> Timeline
                    = GET "/api/v1/messages/{id}/timeline";
                /// A page of a message's history before step `before`, oldest first.
                fn message_history([id: MessageId] before: Option<i64>) -> HistoryPage
                    = GET "/api/v1/messages/{id}/history";
                /// The same citizen's other messages (by their contact) in the
                /// message's organisation, as far as the actor sees them, newest first.
                fn citizen_messages([id: MessageId]) -> Vec<MessageRow>
                    = GET "/api/v1/messages/{id}/citizen";
                /// The classifier: categories and subcategories.
                fn categories() -> Vec<Category> = GET "/api/v1/categories";
                /// Moves a message one step along its lifecycle if the actor may and
                /// it is still at `version` (otherwise `Conflict`, nothing written).
                fn act([id: MessageId] version: i64, act: &Act => Act) -> Message
                    = POST "/api/v1/messages/{id}/act";
                /// The same step on many messages (each at its version): each is
                /// done or refused on its own, as `act` would.
                fn act_many(items: &[(MessageId, i64)] => Vec<(MessageId, i64)>, act: &Act => Act)
                    -> ActReport = POST "/api/v1/messages/act";
                /// Figures of `org`'s messages, or of its whole subtree (curators above).
                fn statistics([org: OrgId] subtree: bool = false) -> Statistics
                    = GET "/api/v1/orgs/{id}/statistics";
                /// The messages `org` (or its subtree) received from `from` to `to`
                /// (both included): by organisation and top-level category,
                /// answered, answered on time, overdue now, median working days
                /// to an answer, and the share on time week by week.
                fn statistics_report([org: OrgId] from: NaiveDate, to: NaiveDate, subtree: bool = false)
                    -> StatisticsReport = GET "/api/v1/orgs/{id}/statistics/report";
                /// Templates for answering `org`'s messages: kept by it and by the
                /// organisations above it, those of `category` first.
                fn templates([org: OrgId] category: Option<CategoryId>) -> Vec<Template>
                    = GET "/api/v1/orgs/{id}/templates";
                /// Creates a template; administrators of the organisation that keeps it.
                fn create_template(draft: &TemplateDraft => TemplateDraft) whole -> Template
                    = POST "/api/v1/templates";
                /// Replaces a template; administrators of the organisation that keeps it.
                fn update_template([id: i64] draft: &TemplateDraft => TemplateDraft) whole
                    -> Template = PUT "/api/v1/templates/{id}";
                /// Deletes a template.
                fn delete_template([id: i64]) -> () = DELETE "/api/v1/templates/{id}";

                /// The account with this e-mail (archived ones too), for those who may see it.
                fn find_account(email: &str => String) -> Account = GET "/api/v1/accounts/by-email";
                /// Creates an account in `org` (status New) and sends its invitation.
                fn create_account([org: OrgId] draft: &AccountDraft => AccountDraft) whole
                    -> AccountSaved = POST "/api/v1/orgs/{id}/accounts";
                /// Replaces an account's details; a new e-mail address puts the
                /// account back to New and sends a fresh invitation there.
                fn update_account([id: AccountId] draft: &AccountDraft => AccountDraft) whole
                    -> AccountSaved = PUT "/api/v1/accounts/{id}";
                /// Archives an account: its sign-in and its links stop working.
                fn archive_account([id: AccountId]) -> AccountSaved
                    = POST "/api/v1/accounts/{id}/archive";
                /// Restores an archived account; one that never confirmed is invited again.
                fn restore_account([id: AccountId]) -> AccountSaved
                    = POST "/api/v1/accounts/{id}/restore";
                /// Sends a new invitation; the earlier links stop working.
                fn resend_invitation([id: AccountId]) -> AccountSaved
                    = POST "/api/v1/accounts/{id}/resend";
                /// Where the mail to `org`'s accounts (or its subtree's) stands:
                /// counts by state and the latest not sent, with the reason.
                fn mail_status([org: OrgId] subtree: bool = false) -> MailStatus
                    = GET "/api/v1/orgs/{id}/mail";
                /// The mails to one account, newest first (its invitation
                /// history), for those who may see its organisation's staff.
                fn account_mail([account: AccountId]) -> Vec<QueuedMail>
                    = GET "/api/v1/accounts/{id}/mail";
                /// Creates a child cabinet under `parent`.
                fn create_org([parent: OrgId] draft: &OrgDraft => OrgDraft) whole -> Organisation
                    = POST "/api/v1/orgs/{id}/children";
                /// Changes details and flags, each as the rules allow the actor.
                fn update_org([id: OrgId] change: &OrgChange => OrgChange) whole -> Organisation
                    = PATCH "/api/v1/orgs/{id}";
                /// Generates the widget code with these settings and records it.
                fn widget_code([org: OrgId] settings: &WidgetSettings => WidgetSettings) whole
                    -> String = POST "/api/v1/orgs/{id}/widget";
                /// Reads the registered main page and reports each part of the widget.
                fn check_widget([org: OrgId]) -> WidgetCheck = POST "/api/v1/orgs/{id}/widget/check";
                /// Readiness of `org`'s subtree.
                fn readiness([org: OrgId]) -> Readiness = GET "/api/v1/orgs/{id}/readiness";
                /// Sets (or clears) the date `org`'s subtree is to be ready by.
                fn set_readiness_deadline([org: OrgId] deadline: Option<NaiveDate>)
                    -> Organisation = PUT "/api/v1/orgs/{id}/readiness-deadline";
                /// Which categories each account of `org` handles.
                fn responsibilities([org: OrgId]) -> Vec<(AccountId, CategoryId)>
                    = GET "/api/v1/orgs/{id}/responsibilities";
                /// Replaces the categories an account handles.
                fn set_responsibilities([account: AccountId] categories: &[CategoryId] => Vec<CategoryId>)
                    whole -> () = PUT "/api/v1/accounts/{id}/responsibilities";
                /// Checks the onboarding form's rows for `org`'s subtree and, when all
                /// are right and this is not a dry run, writes them in one go.
                fn import_onboarding([org: OrgId] rows: &[FormRow] => Vec<FormRow>, dry_run: bool = false)
                    -> ImportReport = POST "/api/v1/orgs/{id}/onboarding";
                /// The people of `org`'s subtree in the onboarding form's columns.
                fn export_onboarding([org: OrgId]) -> Vec<FormRow>
                    = GET "/api/v1/orgs/{id}/onboarding";
                /// Sets a category's deadline in working days and its stage budgets.
                fn set_category_deadline([category: CategoryId] days: u32, stages: Option<Stages>)
                    -> Category = PUT "/api/v1/categories/{id}";
                /// Loads years of the production calendar (platform
                /// administrators): each replaces what was known of its year,
                /// for deadlines counted from now on. Answers every loaded year.
                fn load_calendar(years: &[CalendarYear] => Vec<CalendarYear>)
                    -> Vec<CalendarYear> = PUT "/api/v1/calendar";
                /// Whether new messages go to moderation first.
                fn moderation() -> bool = GET "/api/v1/moderation";
                /// Switches moderation on or off (platform curators).
                fn set_moderation(on: bool) whole -> bool = PUT "/api/v1/moderation";
                /// A citizen's message arriving through the intake: in moderation, or
                /// New when moderation is off.
                fn receive_message(incoming: &IncomingMessage => IncomingMessage) whole -> Message
                    = POST "/api/v1/intake";
                /// The public form's view of an organisation (the intake
                /// principal only): its name, site, whether it takes messages,
                /// the classifier.
                fn intake_form([org: OrgId]) -> IntakeForm = GET "/api/v1/intake/orgs/{id}";
                /// A citizen's message from the public form (the intake
                /// principal only): checked, counted against the limits, in
                /// moderation or New, with its tracking link and notice.
                fn submit_message(submission: &Submission => Submission) whole -> Submitted
                    = POST "/api/v1/intake/submissions";
                /// A published poll as its public page shows it, with the
                /// results once published (the intake principal only).
                fn public_poll([poll: PollId]) -> PublicPoll = GET "/api/v1/intake/polls/{id}";
                /// An organisation's polls as its public list shows them:
                /// published, closed, with results (the intake principal only).
                fn public_polls([org: OrgId]) -> Vec<PollRow> = GET "/api/v1/intake/orgs/{id}/polls";
                /// Sends a citizen a link to vote by, to their e-mail or
                /// phone, counted against the limits (the intake principal only).
                fn request_ballot(request: &BallotRequest => BallotRequest) whole
                    -> BallotRequested = POST "/api/v1/intake/ballot-requests";
                /// The ballot a link opens: the poll, and the answers kept
                /// for a re-vote (the intake principal only).
                fn ballot(token: &str => String) -> BallotView = POST "/api/v1/intake/ballot";
                /// Casts (or replaces) the vote of the link's citizen while
                /// the poll is open (the intake principal only).
                fn cast_vote(vote: &Vote => Vote) whole -> VoteCast = POST "/api/v1/intake/votes";
                /// The notices citizens get at each stage, as now in use
                /// (platform administrators).
                fn notice_templates() -> Vec<NoticeTemplate> = GET "/api/v1/notices";
                /// Replaces one notice's text (platform administrators).
                fn set_notice_template(template: &NoticeTemplate => NoticeTemplate) whole
                    -> NoticeTemplate = PUT "/api/v1/notices";
                /// Puts one notice's shipped text back (platform administrators).
                fn reset_notice_template(notice: Notice) -> NoticeTemplate
                    = POST "/api/v1/notices/reset";
                /// An organisation's polls, newest first, before `before`
                /// (its staff and those of the organisations above).
                fn polls([org: OrgId] before: Option<PollId>) -> Page<PollRow>
                    = GET "/api/v1/orgs/{id}/polls";
                /// One poll: its questions, period, audience and status.
                fn poll([id: PollId]) -> Poll = GET "/api/v1/polls/{id}";
                /// Creates a draft poll of `org` (its administrators and
                /// curators, or those above).
                fn create_poll([org: OrgId] draft: &PollDraft => PollDraft) whole -> Poll
                    = POST "/api/v1/orgs/{id}/polls";
                /// Replaces a draft's questions, period and audience if it is
                /// still at `version` (otherwise `Conflict`, nothing written).
                fn update_poll([id: PollId] version: i64, draft: &PollDraft => PollDraft) -> Poll
                    = PUT "/api/v1/polls/{id}";
                /// Moves a poll one step along its lifecycle if the actor may
                /// and it is still at `version`: submit, approve, return,
                /// close, publish the results.
                fn poll_act([id: PollId] version: i64, action: PollAction) -> Poll
                    = POST "/api/v1/polls/{id}/act";
                /// A poll's results as they stand: curators and those who
                /// prepare it at any time, its staff once published.
                fn poll_results([id: PollId]) -> PollResults = GET "/api/v1/polls/{id}/results";
                /// Organisations matching `text` a message may be redirected to,
                /// those handling its category first.
                fn redirect_targets([message: MessageId] q: &str => String)
                    -> Vec<RedirectTarget> = GET "/api/v1/messages/{id}/redirect-targets";
                /// The executors a message may be given to: those handling its
                /// category first, then the least loaded.
                fn executor_choices([message: MessageId]) -> Vec<ExecutorChoice>
                    = GET "/api/v1/messages/{id}/executors";
            }
        }
    };
}

pub(crate) use operations;

/// The names the table's types are written with, for the generators.
pub mod prelude {
    pub use chrono::NaiveDate;

    pub use crate::domain::calendar::CalendarYear;
    pub use crate::domain::citizen::{IntakeForm, Submission, Submitted, Tracking};
    pub use crate::domain::mail::{MailStatus, QueuedMail};
    pub use crate::domain::notice::{Notice, NoticeTemplate};
    pub use crate::domain::onboarding::{FormRow, ImportReport};
    pub use crate::domain::polls::{
        BallotRequest, BallotRequested, BallotView, Poll, PollAction, PollDraft, PollResults,
        PollRow, PublicPoll, Vote, VoteCast,
    };
    pub use crate::domain::timeline::Timeline;
    pub use crate::domain::{
        Account, AccountDraft, AccountId, Act, Actor, Category, CategoryId, HistoryPage,
        IncomingMessage, Message, MessageId, MessageRow, MessageStatus, OrgChange, OrgDraft, OrgId,
        OrgNode, Organisation, PollId, Readiness, Stages, Template, TemplateDraft, WidgetCheck,
        WidgetSettings,
    };
    pub use crate::service::{
        AccountQuery, AccountSaved, ActReport, ExecutorChoice, InvitationAccepted, MessageQuery,
        Page, Platform, RedirectTarget, ServiceResult, Statistics, StatisticsReport, StatusCounts,
    };
}

/// How the server hands a value it read to a Service method: by value for
/// the small `Copy` arguments, borrowed for the rest.
pub trait Pass<'a, T> {
    fn pass(&'a self) -> T;
}

impl<'a, T: Copy> Pass<'a, T> for T {
    fn pass(&'a self) -> T {
        *self
    }
}

impl<'a, T: ?Sized> Pass<'a, &'a T> for T {
    fn pass(&'a self) -> &'a T {
        self
    }
}

impl<'a> Pass<'a, &'a str> for String {
    fn pass(&'a self) -> &'a str {
        self
    }
}

impl<'a, T> Pass<'a, &'a [T]> for Vec<T> {
    fn pass(&'a self) -> &'a [T] {
        self
    }
}
