-- Outgoing mail, written in the transaction that causes it and sent after
-- by a worker. A mail holds no secret: the invitation's link is issued
-- when the mail is sent. `at` is when a waiting mail is due, else when it
-- was last touched.
CREATE TABLE mail_queue (
    id bigserial PRIMARY KEY,
    kind text NOT NULL,
    account_id bigint NOT NULL REFERENCES accounts(id),
    state text NOT NULL DEFAULT 'waiting',
    attempts bigint NOT NULL DEFAULT 0,
    at bigint NOT NULL,
    error text,
    created_at bigint NOT NULL
);
CREATE INDEX mail_queue_by_account ON mail_queue(account_id, id);
CREATE INDEX mail_queue_due ON mail_queue(at, id) WHERE state IN ('waiting', 'sending');
