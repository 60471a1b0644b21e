-- The votes module. A poll belongs to an organisation; its questions,
-- period and audience are kept as written (`draft`, JSON), its status and
-- version beside them, and the number of ballots it holds.
CREATE TABLE polls (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    status      TEXT NOT NULL,
    version     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    draft       TEXT NOT NULL,
    opens_at    INTEGER NOT NULL,
    closes_at   INTEGER NOT NULL,
    ballots     INTEGER NOT NULL DEFAULT 0,
    -- the key a voter's ballot is found under while the poll is open
    -- (a re-vote replaces it); erased when it closes, and with it every link
    ballot_key  TEXT,
    created_by  INTEGER REFERENCES accounts(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX polls_by_org ON polls(org_id, id);

-- The counts of each question's options (or points), kept with every
-- ballot; slot -1 counts the ballots that answered the question.
CREATE TABLE poll_tallies (
    poll_id     INTEGER NOT NULL REFERENCES polls(id),
    question    INTEGER NOT NULL,
    slot        INTEGER NOT NULL,
    votes       INTEGER NOT NULL,
    PRIMARY KEY (poll_id, question, slot)
) WITHOUT ROWID;

-- The ballots: answers only. No person, no time; `ref` is the voter's
-- keyed hash under the poll's ballot key, erased when the poll closes.
CREATE TABLE poll_ballots (
    poll_id     INTEGER NOT NULL REFERENCES polls(id),
    ref         TEXT,
    answers     TEXT NOT NULL
);
CREATE UNIQUE INDEX poll_ballots_by_ref ON poll_ballots(poll_id, ref) WHERE ref IS NOT NULL;
CREATE INDEX poll_ballots_by_poll ON poll_ballots(poll_id);

-- A citizen asking to vote: the contact their ballot link goes to (kept
-- only until the link is sent) and the voter's keyed hash (one ballot per
-- voter and poll); both are erased when the poll closes.
CREATE TABLE ballot_requests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    poll_id     INTEGER NOT NULL REFERENCES polls(id),
    contact     TEXT,
    voter       TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX ballot_requests_by_poll ON ballot_requests(poll_id);

-- Ballot links: only the SHA-256 of each, the request it answers, and
-- until when it works (the poll's closing ends it sooner).
CREATE TABLE ballot_links (
    hash        TEXT PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES ballot_requests(id),
    poll_id     INTEGER NOT NULL REFERENCES polls(id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX ballot_links_by_poll ON ballot_links(poll_id);

-- The mail queue also carries ballot links: a row is for an account, a
-- message's citizen, or a ballot request.
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
    ballot_request_id INTEGER REFERENCES ballot_requests(id),
    CHECK ((account_id IS NOT NULL) + (message_id IS NOT NULL)
           + (ballot_request_id IS NOT NULL) = 1)
);
INSERT INTO mail_queue_new (id, kind, account_id, state, attempts, at, error, created_at, message_id)
    SELECT id, kind, account_id, state, attempts, at, error, created_at, message_id FROM mail_queue;
DROP TABLE mail_queue;
ALTER TABLE mail_queue_new RENAME TO mail_queue;
CREATE INDEX mail_queue_by_account ON mail_queue(account_id, id) WHERE account_id IS NOT NULL;
CREATE INDEX mail_queue_by_message ON mail_queue(message_id, id) WHERE message_id IS NOT NULL;
CREATE INDEX mail_queue_due ON mail_queue(at, id) WHERE state IN ('waiting', 'sending');
