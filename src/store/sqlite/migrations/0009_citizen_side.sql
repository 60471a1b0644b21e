-- The citizen side. The mail queue also carries notices to a message's
-- citizen: a row is for an account (invitations) or for a message (its
-- citizen's notices), so `account_id` may be empty. SQLite changes a
-- column's constraint only by copying the table.
CREATE TABLE mail_queue_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    account_id INTEGER REFERENCES accounts(id),
    state TEXT NOT NULL DEFAULT 'waiting',
    attempts INTEGER NOT NULL DEFAULT 0,
    at INTEGER NOT NULL,
    error TEXT,
    created_at INTEGER NOT NULL,
    message_id INTEGER REFERENCES messages(id),
    CHECK ((account_id IS NULL) != (message_id IS NULL))
);
INSERT INTO mail_queue_new (id, kind, account_id, state, attempts, at, error, created_at)
    SELECT id, kind, account_id, state, attempts, at, error, created_at FROM mail_queue;
DROP TABLE mail_queue;
ALTER TABLE mail_queue_new RENAME TO mail_queue;
CREATE INDEX mail_queue_by_account ON mail_queue(account_id, id) WHERE account_id IS NOT NULL;
CREATE INDEX mail_queue_by_message ON mail_queue(message_id, id) WHERE message_id IS NOT NULL;
CREATE INDEX mail_queue_due ON mail_queue(at, id) WHERE state IN ('waiting', 'sending');

-- Answers used to wait here for a side that never read them; the notices
-- above replace it (the answers stay on their messages).
DROP TABLE outbox;

-- Private tracking links of a message: only the SHA-256 of each is kept.
-- The form's answer and every notice carry one.
CREATE TABLE tracking_links (
    hash        TEXT PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES messages(id),
    created_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX tracking_links_by_message ON tracking_links(message_id);

-- Posts of the public form counted per hashed key (a network address, a
-- contact) in fixed periods starting at `since`; a duplicate's key keeps
-- the message it repeats.
CREATE TABLE intake_limits (
    key         TEXT PRIMARY KEY,
    since       INTEGER NOT NULL,
    hits        INTEGER NOT NULL,
    message_id  INTEGER
) WITHOUT ROWID;
CREATE INDEX intake_limits_by_since ON intake_limits(since);
