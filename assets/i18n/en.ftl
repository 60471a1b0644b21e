# otklik — interface strings (English).

app-name = Otklik

## Roles
role-admin = Administrator
role-coordinator = Coordinator
role-executor = Executor
role-leader = Leader
role-curator = Curator
role-short-admin = Adm
role-short-coordinator = Coord
role-short-executor = Exec
role-short-leader = Lead
role-short-curator = Cur

## Account statuses
account-status-new = New
account-status-confirmed = Confirmed
account-status-archived = Archived

## Message statuses
message-status-moderation = Moderation
message-status-new = New
message-status-in-work = In work
message-status-on-approval = On approval
message-status-redirect-requested = Redirect
message-status-answered = Answered
message-status-rejected = Rejected
message-status-closed = Closed
message-state-moderation = In moderation
message-state-new = New
message-state-in-work = In work
message-state-on-approval = On approval
message-state-redirect-requested = Redirect requested
message-state-answered = Answered
message-state-rejected = Rejected
message-state-closed = Closed
due-today = today
message-status-all = All

## Organisation kinds
org-kind-platform = Platform
org-kind-administration = Administration
org-kind-department = Department
org-kind-school = School
org-kind-kindergarten = Kindergarten
org-kind-culture = Culture
org-kind-sport = Sport
org-kind-social = Social
org-kind-utilities = Utilities
org-kind-other = Other

## Fields
field-inn = INN
field-ogrn = OGRN
field-phone = Phone
field-email = E-mail
field-site = Site
field-name = Name
field-short-name = Short name
field-surname = Surname
field-first-name = First name
field-patronymic = Patronymic
field-position = Position
field-roles = Roles
field-parent = Parent organisation
field-organisation = Organisation
field-category = Category
field-text = Text
field-status = Status
field-source = Source
field-link = Linked message
field-reason = Reason
field-comment = Comment
field-assignee = Executor
field-target = Target organisation
field-title = Title
field-cursor = Page cursor
field-limit = Page size
field-token = Token
field-store = Store

## Value errors
invalid-empty = is empty
invalid-not-digits = digits only, please
invalid-wrong-length = needs { $expected } digits, got { $got }
invalid-bad-checksum = the check digit is wrong — check the number
invalid-not-russian-phone = not a Russian number; enter 10 digits, e.g. 912 345-67-89
invalid-email-shape = the address must look like name@domain.ru
invalid-bad-domain = the domain is not valid
invalid-not-http = the address must start with http:// or https://
invalid-not-main-page = give the site's main page, without a path, query or fragment
invalid-not-url = not a web address
invalid-too-long = too long: at most { $max } characters
invalid-no-roles = choose at least one role
invalid-not-an-executor = not a confirmed executor of this organisation
invalid-same-organisation = the message is already in that organisation
invalid-unknown = unknown value “{ $value }”

## Service errors
entity-organisation = Organisation
entity-account = Account
entity-message = Message
entity-category = Category
entity-template = Template
error-not-found = { $entity } { $id } not found
error-forbidden = You are not allowed to do this
error-conflict = Someone changed this first; the data was reloaded, try again
error-wrong-status = Not possible now: the message is “{ $status }”
error-unauthenticated = Not signed in: the token is wrong or revoked, or the account is not confirmed or archived
error-unavailable = Service unavailable: { $detail }
error-internal = Internal error: { $detail }

## Store and configuration
store-missing = No store at { $path }. Run “otklik” without arguments to create one, or “otklik demo --store { $path }”.
store-not-ours = { $path } is not an otklik store. The file was not changed; give another path with --store.
store-newer = { $path } was written by a newer otklik (schema version { $found }, this program knows { $known }). The file was not changed; upgrade otklik.
store-io = Cannot open the store { $path }: { $detail }
database-missing = There is no database { $path }. Create it (for example “createdb”) and run the command again.
database-not-ours = The database { $path } holds tables that are not otklik's. Nothing was changed; give an empty database or an otklik one.
database-newer = The database { $path } was set up by a newer otklik (schema version { $found }, this program knows { $known }). Nothing was changed; upgrade otklik.
database-unreachable = Cannot reach the database { $path }: { $detail }. Check the host, the port and that the server is running.
database-sign-in-refused = The database { $path } refused the sign-in: { $detail }. Check the user and the password in the URL.
config-error = Error in the configuration file { $path }: { $detail }
config-unknown-key = Error in the configuration file { $path }: unknown key “{ $key }”
keymap-unknown-action = Error in the configuration file { $path }: unknown action “{ $action }” in [keys]
keymap-bad-key = Error in the configuration file { $path }: cannot read the key “{ $key }”
keymap-conflict = Error in the configuration file { $path }: the key “{ $key }” is bound to both “{ $first }” and “{ $second }” — keep it for one of them
keymap-typing-key = Error in the configuration file { $path }: “{ $key }” for “{ $action }” types text where that action applies — take a key with Ctrl or Alt
theme-bad-color = Error in the configuration file { $path }: unknown colour “{ $color }” for “{ $name }”
calendar-title = Production calendar { $year }: { $source }
calendar-published = the published calendar
calendar-statutory = not published; only the holidays of the Labour Code (art. 112)
calendar-days-off = Days off (Mon–Fri)
calendar-working-weekends = Working weekends
calendar-working-days = Working days
calendar-runs-out = The published production calendar ends with { $year }: the years after it know only the holidays of the Labour Code, not the government's moves of days off. When the next year's calendar is published, load it (otklik calendar load FILE) or update otklik.
tui-calendar-runs-out = The published production calendar ends with { $year }: later years know only the Labour Code's holidays (otklik calendar show)
calendar-bad-year = { $year } is not a year the calendar can show (1–9999)
stats-col-category = Category
stats-col-received = Received
stats-col-answered = Answered
stats-col-on-time = On time
stats-col-on-time-share = On time, %
stats-col-overdue = Overdue now
stats-col-median = Median, working days
stats-col-week = Week from
stats-no-category = (no category)
stats-org-total = All categories
report-stats-total = Total
stats-period = Messages received from { $from } to { $to }
stats-sheet = Statistics
stats-weeks-sheet = By week
stats-chart-title = Answered on time, % (by week of the answer)
calendar-loaded = loaded by the platform's administrators
calendar-file-too-large = { $path }: more than { $max } KB; a calendar file holds a few years of dates
calendar-file-not-utf8 = { $path }: not UTF-8 text; save the calendar as UTF-8
calendar-year-line = { $year }: { $off } days off (Mon–Fri), { $working } working weekends
calendar-load-dry-run = { $path } ({ $format }) holds, and nothing was loaded (--dry-run):
calendar-loaded-now = Loaded from { $path }; deadlines counted from now on follow it:
calendar-loaded-all = Years loaded into the platform: { $years }
calendar-error-toml = { $path }: not a calendar in the project's TOML format ([years.2028] with days_off and working_days): { $detail }
calendar-error-year = { $path }: “{ $value }” is not a year
calendar-error-date = { $path }, year { $year }: “{ $value }” is not a date (YYYY-MM-DD in TOML, MM.DD in XML)
calendar-error-outside = { $path }, year { $year }: { $date } belongs to another year
calendar-error-off-weekend = { $path }, year { $year }: the day off { $date } is a Saturday or Sunday; list only Monday–Friday days off
calendar-error-working-weekday = { $path }, year { $year }: the working day { $date } is a Monday–Friday; list only working Saturdays and Sundays
calendar-error-missing-year = { $path }: year { $year } is missing between the years of the file
calendar-error-not-loadable = { $path }: year { $year } cannot be loaded (2000–2100)
calendar-error-twice = { $path }, year { $year }: { $date } is listed twice
calendar-error-no-years = { $path }: holds no year
calendar-error-too-many = { $path }: more than { $max } years; load fewer at a time
calendar-error-xml = { $path }, line { $line }: not well-formed XML: { $detail }
calendar-error-xml-no-calendar = { $path }: no <calendar year="…"> element (an xmlcalendar file)
calendar-error-xml-type = { $path }, year { $year }: the day { $date } has type “{ $value }”; t is 1 (day off), 2 (shortened) or 3 (working)
config-unknown-zone = Error in the configuration file { $path }: unknown time zone “{ $name }” (a name like Europe/Moscow or Europe/Kaliningrad)
theme-unknown = Error in the configuration file { $path }: unknown theme “{ $name }” (there are: { $known })
need-actor = Say whom to act as: --as EMAIL
need-token = The server needs a token: sign in with otklik login URL, or give --token or OTKLIK_TOKEN
server-and-store = Give only one of --store and --server
actor-unknown = No confirmed account { $email }
remote-no-token-issue = Tokens are issued where the store is: otklik token issue --store PATH EMAIL

## Demo data
demo-not-empty = The store { $path } is not empty; demo data goes only into a new store
demo-progress = Building demo data: { $what }
demo-done = Done: { $orgs } organisations, { $accounts } accounts, { $messages } messages.
demo-progress-orgs = organisations: { $n }
demo-progress-accounts = accounts: { $n }
demo-progress-messages = messages: { $done } of { $total }
demo-sign-in = Sign in as:
demo-hint = { $role }: { $email } ({ $name }, { $org })

## Command line
cli-serving = otklik server listening on http://{ $addr } (store { $path })
cli-citizen-others = The citizen's other messages ({ $n }): { $numbers }
cli-message-now = Message { $id }: { $status }
cli-cannot-read = Cannot read { $path }: { $detail }
cli-not-utf8 = { $path } is not UTF-8 text; save it as UTF-8
msg-redirect-to = Redirect to
cli-template-saved = Template { $id } saved: { $title }
cli-template-deleted = Template { $id } deleted
col-title = Title
col-org = Organisation
messages-count = { $n ->
    [one] { $n } message
   *[other] { $n } messages
}
accounts-count = { $n ->
    [one] { $n } account
   *[other] { $n } accounts
}
days-left = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
days-overdue = −{ $n } d
col-id = No.
col-name = Name
col-fio = Name
col-roles = Roles
col-status = Status
col-email = E-mail
col-phone = Phone
col-position = Position
col-received = Received
col-category = Category
col-deadline = Due
col-text = Text
col-assignee = Executor
col-new = New
col-in-work = In work
col-overdue = Overdue
col-kind = Kind
col-parent = Parent

## Terminal: panes
pane-tree = Organisations
pane-accounts = Accounts
pane-messages = Messages
pane-message = Message
pane-help = Help — keys
status-local = local store { $path }
status-remote = server { $url }
hint-help = help
hint-filter = filter
hint-quit = quit
hint-close = close
hint-earlier = earlier history
hint-open = open
hint-queue-filters = narrow
hint-widen = every tab
hint-save = save
hint-template = template
hint-done = done
hint-cancel = cancel
hint-choose = choose
hint-next-field = next field
hint-yes = yes
hint-no = no
hint-generate = code
hint-copy = copy
hint-to-file = to a file
hint-check = check the site
hint-deadline = deadline
hint-refresh = refresh
hint-import = import
hint-only-wrong = only errors
help-here = Here
help-everything = Every key
loading = Loading…
no-access = You have no access to this list
pick-no-templates = This organisation has no answer templates: an administrator adds them (otklik templates add)
empty-list = Empty
filter-prompt = Filter:
too-small = The window is too small: at least 80×24 is needed (now { $w }×{ $h })
msg-citizen = Citizen
msg-contact = Contact
msg-address = Address
msg-source = Source
msg-kind = Kind
msg-received = Received
msg-deadline = Due
msg-status = Status
msg-org = Organisation
msg-assignee = Executor
msg-draft = Draft reply
msg-comment = Comment
hint-timeline = history step by step
hint-link = link
msg-answer = Answer
msg-history = History
msg-links = Links
link-kind-related = related
link-kind-duplicate-of = duplicate of
link-kind-duplicate = its duplicate
timeline-earlier = … { $n } earlier step(s) not shown here
msg-kind-message = Message
msg-kind-appeal = Appeal (59-FZ)
source-gosuslugi = Gosuslugi
source-mobile-app = Mobile app
source-widget = Site widget
source-other = Other
history-received = received
history-accept = accepted by moderation
history-reject = rejected by moderation
history-assign = assigned
history-edit-draft = draft edited
history-submit-draft = reply submitted for approval
history-approve = reply approved
history-return = returned for rework
history-note = staff note
prompt-note = Note (seen by staff, never by the citizen)
action-note = on a message: a note for staff, in the history with its author
note-added = Note added to № { $id }
hint-note = note
action-link-message = on a message: link it with another (by number; -N removes the link)
action-close-duplicate = on a message: close it as a duplicate of another (the citizen is told where the answer will be)
action-timeline-back = on a message: a step back through its history, as it was then
action-timeline-forward = on a message: a step forward through its history
prompt-link = Link with message No. (-No. removes the link)
prompt-duplicate = Duplicate of message No.
prompt-not-a-number = A message number is needed: digits (with a minus to remove a link)
linked = No. { $id }: links updated
timeline-title = History: step { $n } of { $total }
timeline-hint = { $back } earlier · { $forward } later · Esc back to the message
timeline-deadline-passed = the deadline had passed by this step
msg-citizen-others = The citizen's other messages ({ $n })
msg-citizen-more = … and { $n } more (every number: otklik messages show)
msg-links-hint = { $next } / { $prev } to choose, Enter to open
history-ask-redirect = redirect requested
history-approve-redirect = redirect approved
history-decline-redirect = redirect declined
history-close = closed without answer
history-close-duplicate = closed as a duplicate
history-link = linked with another message
history-assign-to = assigned to { $subject }
history-ask-redirect-to = redirect to { $subject } requested
history-approve-redirect-to = redirect to { $subject } approved
history-decline-redirect-to = redirect to { $subject } declined
history-close-to = closed as a duplicate of No. { $subject }
history-duplicate-to = duplicate No. { $subject } closed with a link here
history-link-to = linked with No. { $subject }
history-unlink-to = link with No. { $subject } removed
overdue-badge = overdue
unassigned = unassigned
filter-active = filter: { $text }
org-details-inn = INN { $inn }
org-details-ogrn = OGRN { $ogrn }

## First run
first-run-title = Welcome to Otklik
first-run-text = There is no store yet: { $path }
first-run-demo = Create demo data (a city, its departments, ~60 institutions, ~3000 messages)
first-run-empty = Create an empty platform (a root and your administrator account)
first-run-quit = Quit
first-run-building = Building demo data…
empty-platform-title = Empty platform
empty-platform-org = Platform name
empty-platform-surname = Surname
empty-platform-first-name = First name
empty-platform-email = E-mail
empty-platform-hint = Tab next field, Enter create, Esc back
sign-in-title = Sign in as
sign-in-hint = Enter sign in, ↑/↓ choose, q quit

## Actions (help)
action-quit = quit (asking over an unsaved draft)
action-help = key help
action-palette = palette: any action by name; :goto N, :org …, :assign …, :view …
pick-command = Command (↑ — earlier ones)
palette-goto = go to a message by its number
palette-org = find an organisation in the tree
palette-assign = assign the open message's executor
palette-view = open a saved view
palette-not-a-number = «{ $text }» is not a message number
palette-no-view = None of your views is «{ $text }»
palette-assign-needs-message = Open a message first
action-next-pane = next pane
action-prev-pane = previous pane
action-up = up
action-down = down
action-page-up = page up
action-page-down = page down
action-top = to the top
action-bottom = to the bottom
action-expand = expand
action-collapse = collapse
card-title = Account: { $name }
card-categories = Categories
card-trained = Training done
card-mails = Mails (newest first)
card-no-mails = No mail so far
card-mail-invitation = invitation
card-mail-restored = restored
card-mail-notice = a notice to a citizen
card-mail-attempts = attempts: { $n }
card-mail-next = next { $at }
action-open = open: a message, an account's card; in the tree, expand or collapse
action-back = back / close
action-filter = filter the current pane
action-next-tab = next queue tab
action-prev-tab = previous queue tab
action-close = close what is open (a message, statistics, help); on the main screen, quit
quit-unsaved = Draft № { $id } is not saved to the service yet (the journal keeps a copy, offered when it is opened next). Quit?
action-toggle-overdue = overdue only
action-widen-search = search every tab (and back)
tab-found = { $name } { $found } of { $all }
search-elsewhere = Nothing here; in other tabs: { $found } — { $key }: search them all
widen-nothing = Nothing to widen: search ({ $search }) or filter ({ $filters }) first
action-refresh = refresh
action-assign = assign an executor
action-edit = edit: the draft reply, the account, the organisation
action-submit = submit the reply for approval
action-approve = approve (reply, redirect) or accept from moderation
action-return = return for rework, or decline / reject
action-redirect = ask to redirect to another organisation
action-close-message = close without an answer
prompt-reason = Reason
prompt-comment = Comment
prompt-keys = { $done } done, { $cancel } cancel
confirm-title = Please confirm
confirm-keys = { $yes } yes, { $no } no
confirm-accept = Accept the message from moderation? It goes to the organisation.
confirm-submit-draft = Send the reply to the leader for approval?
confirm-approve = Approve the reply? It becomes final and is sent to the citizen; it cannot be changed afterwards.
confirm-approve-redirect = Approve the redirect? The message moves to the other organisation with its history and deadline.
pick-executor = Assign an executor
pick-redirect-target = Redirect to an organisation
acted = Message { $id }: { $status }
draft-not-yours = Message { $id } was given to another executor: your text stays in the editor and the draft journal — copy it if you need it
draft-changed-elsewhere = Message { $id } was just changed by someone else: your text stays in the editor and the draft journal
live-lost = no connection for updates — retrying in { $secs } s
live-back = connection restored, data refreshed
live-arrived = { $n ->
    [one] +{ $n } new message
   *[other] +{ $n } new messages
}
draft-saved = draft saved
draft-saving = saving…
draft-unsaved = unsaved changes
editor-keys = { $done } save and close · { $save } save · { $template } template
draft-restored-sign = from the journal
draft-citizen = The message
draft-restored = An unsaved draft from the last session was restored; it will be saved
drafts-pending = Unsaved drafts: { $ids }. Open the message and press e.
pick-template = Insert an answer template
lint-empty = The reply is empty: write it (e) before sending
lint-template-only = Note: the reply is a template, unchanged. Send it anyway?
action-mark = mark the message
action-mark-range = mark the range up to the cursor
action-mark-all = mark every message of the filter (up to 5,000)
action-unmark-all = clear the marks
action-remark = mark the last set again
marked-count = marked: { $n }
bulk-done = Assigned: { $done }; refused: { $refused }
bulk-done-reason = Assigned: { $done }; refused: { $refused } (No. { $id }: { $reason })
action-statistics = the organisation's figures (with its subtree, for curators)
pane-statistics = Statistics
stats-subtree = with its subtree
stats-total = Messages: { $n }
stats-overdue = Overdue: { $n }
stats-on-time = Answered on time: { $on_time } of { $answered }
stats-on-time-none = Nothing answered yet
stats-by-status = By status
stats-weeks = Answered on time by week of answer, { $weeks } wk.: { $shares }
stats-weeks-none = Nothing was answered in the last weeks
stats-saved = The last weeks' statistics written to { $path }
stats-export-nothing = The weeks' report has not come yet: nothing to write
stats-export-failed = Could not make the workbook: { $detail }
action-export = on the statistics screen: the last weeks to an .xlsx file (in the working folder)
hint-export = to .xlsx
stats-by-category = Most messages
stage-left = { $stage }/{ $total } d
stage-overdue = ⚠ stage −{ $n }
msg-stage-deadline = Stage due

## Administration: fields, problems, errors
field-kind = Kind of organisation
field-variant = Design
field-banner = Banner text
field-deadline = Deadline
invalid-taken = this address belongs to another account already
invalid-taken-archived = this address belongs to an archived account — restore it instead of creating a new one
invalid-expired = the link has expired — ask an administrator to send the invitation again
invalid-bad-period = the last day must not come before the first, and a period is at most { $max_days } days
invalid-already-used = the link has been used already or replaced by a newer one
invalid-not-invited-address = the invitation was sent to another address
invalid-own-roles = you cannot change your own roles: another administrator can
invalid-same-message = a message cannot be linked to itself
invalid-not-answerable = that message will not be answered: it is rejected or closed
invalid-duplicate-link-stays = a duplicate's link stays: it is part of its closure
invalid-not-linked = these messages are not linked
invalid-not-date = not a date; type YYYY-MM-DD
invalid-unknown-link = there is no such invitation link; check it was copied whole
invalid-already-confirmed = the account is confirmed already
invalid-archived = the account is archived — restore it first
entity-route = Address
error-training-required = First confirm "I have completed the training" (materials: { $url })
error-malformed = The request could not be read: { $detail }
error-too-large = The request is larger than the { $max } MB allowed: split the file

## Invitation mail and page
mail-invitation-subject = Invitation to the cabinet "{ $org }"
mail-invitation-body =
    Hello { $name },

    An account has been created for you in the cabinet "{ $org }" of the feedback platform.
    To confirm it, open the link and type this e-mail address ({ $email }):

    { $link }

    The link works until { $expires }, once.
    Without a server: otklik invite accept { $token } --email { $email }

    Before you start, study the training materials: { $training }
invite-page-title = Confirm your account
invite-page-intro = Type the e-mail address the invitation came to.
invite-page-email = E-mail
invite-page-confirm = Confirm
invite-page-done = { $name }, your account is confirmed.
invite-page-token = Your sign-in token (shown once, keep it):
invite-page-login = Sign in from the terminal with this command and paste the token:
invite-page-training = Before you start, study the training materials:

## Training
training-title = Training
training-intro = { $name }, before you start, study the training materials:
training-confirm = Enter — "I have completed the training"
training-hint = q — leave without confirming
config-mail-from = { $path }: the sender in [mail] from is not valid: { $detail }

## Administration on the command line
col-invited = Invited
col-sent = Sent
col-confirmed = Confirmed
cli-account-saved = Saved: { $name } <{ $email }>, { $status }
cli-invitation-sent = Invitation sent to { $email }
cli-invitation-failed = The account is saved, but the invitation was not sent: { $detail }. Send it again: otklik accounts resend { $email }
cli-invitation-retrying = The account is saved; the invitation is not sent yet ({ $detail }) and will be tried again. See: otklik mail status
cli-org-saved = Saved: No. { $id } "{ $name }"
cli-invitation-accepted = Account confirmed: { $name }
cli-invitation-token = Sign-in token (shown once): { $token }
cli-training-next = Before you start, study the training materials and confirm: otklik training confirm ({ $url })
cli-training-confirmed = { $name }: training confirmed
cli-cannot-write = Cannot write { $path }: { $detail }
cli-widget-saved = The widget code is in { $path }
cli-widget-checked = Checked the main page { $site }
cli-widget-not-found = The widget is not on the site in full — see above which part is missing
cli-xlsx-needs-out = For xlsx name the file: --out report.xlsx
widget-part-script = script include (script.min.js)
widget-part-container = banner container with its button (js-show-iframe-wrapper)
widget-part-call = Widget(…) call with the organisation's number
widget-missing = not found
widget-other-org = carries number { $number } — that is "{ $name }", not No. { $org }
widget-unknown-org = no such organisation
check-admin-confirmed = Admin confirmed
check-all-confirmed = All confirmed
check-trained = Training
check-coordinator = Coordinator
check-executor = Executor
check-leader = Leader
check-site-set = Site set
check-widget-generated = Widget made
check-site-approved = Site approved
check-widget-found = Widget on site
check-ready = Cabinet ready
readiness-totals = Total { $name }: { $done } of { $of } ready ({ $percent }%)
readiness-deadline = Deadline: { $date }, { $days ->
        [one] { $days } day left
       *[other] { $days } days left
    }
readiness-sheet = Readiness
login-token-prompt = Token for { $url }: 
login-done = Signed in: { $name } ({ $org }) at { $url }
login-stored = The token is kept in the keyring ({ $store })
login-no-keyring = No keyring works here ({ $reasons }); the token will be asked for at each start, or set OTKLIK_TOKEN
logout-done = Signed out: the token for { $url } is removed
logout-no-token = Forgot the server { $url }; no token was stored
logout-nothing = Not signed in to a server
field-invitation = Invitation link
action-new = new account (accounts pane) or child cabinet (tree)
action-archive = archive / restore the account
action-resend = send the invitation again
action-widget = site widget: code, copy, check
action-readiness = readiness of the organisations
picker-load = in work: { $n }

## Administration in the terminal
form-new-account = New account
form-edit-account = Account
form-new-org = New child cabinet
form-edit-org = Organisation
form-keys = { $next }/{ $prev } — field · Space — tick · { $save } — save · { $cancel } — cancel
form-saving = Saving…
org-ready = Cabinet ready to work
org-widget-site-approved = Widget site approved
confirm-archive = Archive the account of { $name }? They will no longer sign in.
confirm-restore = Restore the account of { $name }?
confirm-resend = Send the invitation again: { $name } <{ $email }>? The earlier link stops working.
tui-invitation-failed = The invitation was not sent: { $detail } (I — send again)
tui-invitation-retrying = The invitation is not sent yet: { $detail } — it will be tried again
invitation-queued = the invitation waits in the queue
widget-title = Site widget · { $org }
widget-variant-schools = schools
widget-variant-kindergartens = kindergartens
widget-variant-social = social institutions
widget-variant-utilities = housing and utilities
widget-variant-general = general
widget-banner-default = (the design's own text)
widget-save-to = Save to:
widget-code = Code for the site's main page:
widget-not-generated = No code yet: { $go } — generate
widget-keys = { $prev }/{ $next } — design · { $banner } — banner text · { $go }, { $generate } — generate · { $copy } — copy · { $save } — save to a file · { $check } — check the site · { $close } — close
widget-copied = The { $variant } widget code for «{ $org }» ({ $lines ->
    [one] { $lines } line
   *[other] { $lines } lines
}) is sent to the terminal's clipboard. If pasting gives nothing, the terminal does not take OSC 52: save the code to a file with s
widget-generate-first = Generate the code first: Enter
widget-check-passed = The whole widget is on the site
widget-check-failed = The widget on the site is incomplete — see above
readiness-title = Readiness · { $org }
readiness-no-deadline = No deadline set
readiness-keys = { $up }/{ $down } — scroll · { $deadline } — deadline (curators) · { $again } — refresh · { $close } — close
check-short-admin-confirmed = Adm
check-short-all-confirmed = Conf
check-short-trained = Train
check-short-coordinator = Coord
check-short-executor = Exec
check-short-leader = Lead
check-short-site-set = Site
check-short-widget-generated = Code
check-short-site-approved = Appr
check-short-widget-found = Found
check-short-ready = Ready
col-invitation = Invitation
invitation-sent = sent { $at } ×{ $n }
invitation-retry = not sent, retry { $at }
invitation-failed = not sent: { $detail }
invitation-accepted = accepted { $at }
form-categories = Handles the categories (suggested when assigning)
readiness-set-deadline = Deadline (YYYY-MM-DD, empty to clear), Enter
invalid-duplicate-in-file = this address is another person's or another organisation's on row { $line }
invalid-need-surname-and-name = give the surname, the first name and (if any) the patronymic

## Onboarding form
column-number = No.
column-organisation = Organisation
column-ogrn = OGRN
column-inn = INN
column-site = Site
column-full-name = Full name
column-position = Position
column-phone = Phone
column-email = E-mail
column-role = Role
column-category = Category
col-row = Row
col-column = Column
col-value = Value
col-reason = Reason
sheet-too-large = { $path }: the file is { $size } MB, more than the { $max } MB allowed; split it
sheet-empty = { $path }: the file is empty
sheet-not-spreadsheet = { $path }: not a spreadsheet; an .xlsx or .csv file of the form is needed
sheet-unreadable = { $path }: cannot be read as a spreadsheet ({ $detail }); save it again as .xlsx or .csv
sheet-limit-part = { $path }: the part «{ $name }» inside takes { $size } MB unpacked, more than the { $max } MB allowed; save the table again or split it
sheet-limit-unpacked = { $path }: unpacked, the file takes more than { $max } MB; split the table
sheet-limit-rows = { $path }: row { $row } — more rows than the { $max } allowed; delete empty rows at the bottom of the sheet or split the table
sheet-limit-cell = { $path }: row { $row }, column { $column } holds more than { $max } characters; shorten the cell
sheet-limit-text = { $path }: the cells hold more than { $max } MB of text; split the table
sheet-limit-fields = { $path }: line { $line } has more than { $max } fields; check the separator (; or ,)
sheet-limit-extent = { $path }: a sheet spans { $cells } cells (from the first filled to the last), more than { $max }; delete what lies far outside the table or save the file as .xlsx
sheet-no-header = { $path }: the form's header row is not there; missing columns: { $missing }
sheet-io = { $path }: { $detail }
import-reading = Reading
import-checking = Checking the rows…
import-row-ready = new
import-row-merged = merged
import-row-wrong = wrong
import-has-problems = Rows: { $rows }; wrong: { $wrong }. Nothing was written: fix the wrong rows and try again.
import-dry-run = Rows checked: { $rows } (new people: { $accounts_new }, existing: { $accounts_merged }; organisations to create: { $orgs_new }, found: { $orgs_found }). Nothing was written: this was a check only.
import-done = Rows imported: { $rows }: new accounts { $accounts_new }, already there { $accounts_merged }; organisations created { $orgs_new }, found { $orgs_found }; invitations sent { $sent }{ $queued ->
    [0] {""}
   *[other] , waiting in the queue { $queued }
}{ $failed ->
    [0] {""}
   *[other] , not sent yet { $failed } (will be tried again; otklik mail status)
}.
import-refused = The file has errors — nothing was written
template-written = The empty form is in { $path }
export-written = { $n } rows written to { $path }
action-import = import the staff form (xlsx, csv) into the organisation
import-title = Staff form import · { $org }
import-path = File:
import-path-hint = The form's file (.xlsx or .csv): every row is checked and shown before anything is written; nothing is written while the file has errors.
import-keys-path = { $done } — read and check · { $cancel } — close
import-keys-reading = Reading…
import-keys-clean = { $go } — import · { $up }/{ $down } — scroll · { $again } — another file · { $close } — cancel
import-keys-wrong = Fix the file and press { $again } · { $wrong } — wrong rows only / all · { $up }/{ $down } — scroll · { $close } — close
import-keys-done = { $go }, { $close } — close
picker-handled = { $n ->
        [one] { $n } message of this category
       *[other] { $n } messages of this category
    }
invalid-stages-sum = the stages must add up to { $days } working days
invalid-out-of-range = must be from { $min } to { $max }
field-days = Deadline, working days
field-stages = Stages
field-period = Period
cli-category-saved = { $name }: deadline { $days } working days{ $stages }
cli-serve-mail-files = Note: no SMTP is set up ([mail] smtp_host) — invitations are written as files into { $dir }
mail-restored-subject = Your account in the cabinet "{ $org }" is restored
mail-restored-body =
    Hello { $name },

    Your account in the cabinet "{ $org }" of the feedback platform is restored.
    To sign in again, open the link and type this e-mail address ({ $email }):

    { $link }

    The link works until { $expires }, once.
    Without a server: otklik invite accept { $token } --email { $email }

    Training materials: { $training }
action-next-view = the next saved view of the queue (after the last: the status tabs)
view-unassigned = Unassigned
view-mine = Mine
view-due-soon = Due soon
view-on-approval = On approval
view-redirects = Redirects
view-overdue-below = Overdue (with those below)
pane-views = Views
view-active = View: { $name } · v — next, Esc — tabs
action-queue-filters = filter the queue: category, executor, source
pick-queue-filter = Queue filter
filter-clear = — clear the filters —
filter-by-category = category
filter-by-assignee = executor
filter-by-source = source
action-earlier-history = on a message: a page more of its earlier history
msg-history-earlier = … { $n } earlier { $n ->
    [one] step
   *[other] steps
} — { $key }: show
action-template-diff = on a message: the draft against the template it came from
action-confirm-yes = confirm (in a yes/no question)
action-confirm-no = decline (in a yes/no question)
action-line-done = in a line being typed: done
action-line-cancel = in a line being typed: cancel
action-picker-up = in a picker: the item above
action-picker-down = in a picker: the item below
action-picker-choose = in a picker: choose
action-picker-cancel = in a picker: close
action-form-next = in a form: the next field
action-form-prev = in a form: the field before
action-form-save = in a form: save
action-form-cancel = in a form: close without saving
action-editor-done = in the editor: save and close
action-editor-save = in the editor: save now
action-editor-template = in the editor: insert a template
action-panel-close = in a panel (widget, readiness, import): close it
action-panel-up = in a panel: a line up
action-panel-down = in a panel: a line down
action-panel-page-up = in a panel: a page up
action-panel-page-down = in a panel: a page down
action-panel-go = in a panel: its main step (generate the code, read the file, import it, close when done)
action-panel-again = in a panel: again (readiness read anew; the import: another file)
action-widget-prev-design = widget: the design before
action-widget-next-design = widget: the next design
action-widget-banner = widget: the banner's text
action-widget-generate = widget: generate the code
action-widget-copy = widget: copy the code
action-widget-save = widget: save the code to a file
action-widget-check = widget: check the site
action-import-only-wrong = import: only the wrong rows, or all
action-readiness-deadline = readiness: the date to be ready by (curators)
diff-title = Changes from the template "{ $title }" (added underlined, removed crossed out)
diff-no-draft = There is no draft yet
diff-no-template = The draft was not written from a template: nothing to compare
marked-limit = { $n } marked — no more can go in one step
moderation-on = Moderation is on: platform curators check new messages first
moderation-off = Moderation is off: new messages go straight to the organisations
cli-message-received = Message { $id } received: { $status }
field-contact = Citizen's contact
marking-in-progress = The filter's messages are still being marked — a moment
help-mouse-keys = mouse
help-mouse = click — select a row or a queue tab, a second click on the selected message — open it, wheel — scroll the pane under the pointer
readiness-marks = ✓ yes, ✗ no, · not needed without a site
copy-copying = Copying
copy-done = Copied { $rows } rows from { $from } to { $to }; the counts of every table and a sample of rows agree.
copy-target-exists = { $path } exists already. Nothing was changed; give a new file to copy into.
copy-target-not-empty = { $path } is not empty (its table { $table } has rows). Nothing was changed; give an empty database.
copy-mismatch = The copy in { $path } did not agree with the original ({ $table }: { $detail }), so nothing of it was kept.
migrate-done = The store { $path } is up to date: schema version { $version }.
token-file-unreadable = Cannot read the token from { $path }: { $detail }
token-file-empty = { $path } holds no token. Put the token printed by “otklik token issue” in it.
mail-state-waiting = waiting
mail-state-sending = sending
mail-state-sent = sent
mail-state-failed = not sent
mail-state-cancelled = cancelled
mail-status-counts = Mail: waiting { $waiting }, sending { $sending }, sent { $sent }, not sent { $failed }
mail-next-attempt = next attempt { $at }
mail-sent-now = Mails sent: { $sent }, not sent: { $failed }
col-mail = Mail
col-attempts = Attempts
col-mail-when = When

## The citizen side: the public form, tracking, notices
field-address = Address
field-consent = Consent to the processing of personal data
invalid-required = required: tick the box
invalid-already-received = this message was received already as No. { $number }
invalid-not-accepting = the organisation does not take messages through this form yet
error-too-many-requests = Too many messages in a row: try again in { $minutes } min.
field-form = Form
invalid-form-expired = the form is out of date: reload the page and send it again
invalid-too-fast = sent too quickly: check the fields and send it again
citizen-form-title = A message to { $org }
citizen-form-title-plain = A message to the organisation
citizen-form-intro = Tell what happened: the organisation receives the message, and the answer comes to your e-mail or phone. Every field but the address and the topic is required.
citizen-form-fix = The message was not sent
citizen-form-category = Topic
citizen-form-category-none = — choose a topic —
citizen-form-text = Your message
citizen-form-text-hint = At most { $max } characters.
citizen-form-address = The address the message is about
citizen-form-address-hint = Optional: street, house, landmark.
citizen-form-name = Your name
citizen-form-contact = E-mail or phone for the answer
citizen-form-contact-hint = For example, ivanova@mail.ru or +7 912 345-67-89.
citizen-form-consent = I consent to the processing of my personal data under Federal Law 152-FZ.
citizen-form-policy = Personal data policy
citizen-form-send = Send
citizen-form-closed = This organisation does not take messages through the form yet. Write through the Gosuslugi portal.
citizen-form-foreign = The form may be sent only from the organisation's site or from this server.
citizen-form-refused = The message was not accepted. If you filled the form in yourself, reload the page and send it again.
citizen-form-malformed = The request does not look like the form being sent: open the form and send it again.
citizen-form-too-large = The message is too large: shorten the text and send it again.
citizen-sent-title = Message sent
citizen-sent-number = Your message has been registered as No. { $number } and sent to { $org }.
citizen-sent-deadline = The answer is due by { $date }.
citizen-sent-moderated = A moderator checks the message first; then the organisation receives it.
citizen-sent-keep = Keep this link: it shows how the message is going and, later, the answer. The same link comes in your notice.
citizen-track-title = Message No. { $number }
citizen-track-unknown-title = Message not found
citizen-track-unknown = The link is wrong. Open the whole link from your notice.
citizen-track-stage = Stage
citizen-track-redirected = Redirected
citizen-track-redirected-to = redirected to { $org }
citizen-track-org = Organisation
citizen-track-category = Topic
citizen-track-received = Received
citizen-track-deadline = Answer due
citizen-track-answer = Answer
citizen-track-answered = Answered on { $date } by { $org }:
citizen-stage-moderation = in moderation
citizen-stage-accepted = accepted
citizen-stage-in-work = in work
citizen-stage-on-approval = being approved
citizen-stage-answered = answered
citizen-stage-rejected = rejected — { $reason }
citizen-stage-closed = closed — { $reason }
citizen-stage-duplicate = closed as a repeat: the answer comes under message No. { $number }
col-notice = Notice
col-edited = Text
col-subject = Subject
notice-edited = edited
notice-shipped = shipped
cli-notice-saved = The text of the { $notice } notice is saved
cli-notice-reset = The { $notice } notice has its shipped text back
cli-notice-file-too-large = The file { $path } is too large: a notice's text has at most { $max } characters

## The votes module
entity-poll = Poll
field-question = Question
field-options = Answer options
field-ballot = Answers
field-audience = Audience
field-poll = Poll
invalid-in-question = question { $number }: { $problem }
invalid-poll-step = not possible while the poll is { $status }
invalid-poll-not-open = the poll does not take votes now
invalid-period-over = the period is over already
poll-status-draft = draft
poll-status-on-approval = on approval
poll-status-published = published
poll-status-closed = closed
poll-status-results-published = results published
poll-action-edit = Edit
poll-action-submit = Submit for approval
poll-action-approve = Publish
poll-action-return = Return for changes
poll-action-close = Close
poll-action-publish-results = Publish the results
poll-audience-everyone = everyone
poll-audience-residents = residents of the territory
poll-kind-single = one option
poll-kind-multiple = several options (up to { $max })
poll-kind-free-text = own answer
poll-kind-scale = scale from { $min } to { $max }
poll-col-number = No.
poll-col-question = Question
poll-col-answer = Answer
poll-col-votes = Votes
poll-col-share = Share, %
poll-col-title = Poll
poll-col-status = Status
poll-col-period = Period
poll-col-ballots = Votes
poll-sheet = Results
poll-ballots-line = Voted: { $count }
cli-poll-created = Poll No. { $id } created (a draft)
cli-poll-saved = Poll No. { $id } saved
cli-poll-step = Poll No. { $id }: { $status }
cli-poll-file-too-large = The file { $path } is too large for a poll: at most { $max } KB
cli-poll-file-bad = The file { $path } does not read as a poll: { $detail }
action-polls = the organisation's polls: results by question, steps, export
pane-polls = Polls
polls-none = The organisation has no polls yet. n makes one from a file (TOML or JSON, as docs/poll-example.toml)
prompt-poll-file = A new poll from the file (a path to .toml or .json)
hint-poll-new = new
polls-until = until
polls-answered = answered: { $n }
polls-results-hidden = Curators and those who prepare the poll see its results; the rest once they are published.
polls-export-nothing = The poll's results have not arrived yet: nothing to write
polls-saved = The poll's results were written to { $path }
hint-poll-publish = publish
hint-poll-submit = submit
hint-poll-close = close
citizen-polls-title = Polls: { $org }
citizen-polls-title-plain = Polls
citizen-polls-none = There are no polls now.
citizen-poll-status = Stage
citizen-poll-vote = Vote
citizen-poll-link-intro = So that each person votes once, we send a link to vote by to your e-mail or phone. By the same link you may change your answer until the poll closes.
citizen-poll-send-link = Get the link
citizen-poll-link-sent = The link to vote was sent to { $to }
citizen-poll-link-keep = Open it to answer the questions. If the mail has not come, look in the spam folder or ask for the link again.
citizen-poll-not-yet = The poll has not started yet.
citizen-poll-over = The poll is closed; its results will be here once they are published.
citizen-poll-results = Results
citizen-ballot-again = You have voted already: your answers are below. Change them and send again; the earlier vote is replaced.
citizen-ballot-up-to = Up to { $max } may be chosen.
citizen-ballot-own = Your answer
citizen-ballot-resident = I live on the territory “{ $org }” serves
citizen-ballot-send = Send the vote
citizen-ballot-taken = Your vote is counted. Thank you!
citizen-ballot-replaced = Your vote is changed: the new answers count.
citizen-ballot-change = Until the poll closes you may change your answer by the same link.
history-poll-new = A new poll
