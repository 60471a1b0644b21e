-- Outgoing mail, written in the transaction that causes it and sent after
-- by a worker. A mail holds no secret: the invitation's link is issued
-- when the mail is sent. `at` is when a waiting mail is due, else when it
-- was last touched.
CREATE TABLE mail_queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    state TEXT NOT NULL DEFAULT 'waiting',
    attempts INTEGER NOT NULL DEFAULT 0,
    at INTEGER NOT NULL,
    error TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX mail_queue_by_account ON mail_queue(account_id, id);
CREATE INDEX mail_queue_due ON mail_queue(at, id) WHERE state IN ('waiting', 'sending');
