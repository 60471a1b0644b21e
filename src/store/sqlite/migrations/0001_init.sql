-- otklik store, version 1: organisations, accounts, tokens, classifier, messages.
-- Times are Unix seconds (UTC); dates are ISO 'YYYY-MM-DD' text.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE orgs (
    id                   INTEGER PRIMARY KEY,
    parent_id            INTEGER REFERENCES orgs(id),
    -- '/1/5/23/': ids from the root; a subtree is a range of this column.
    path                 TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    short_name           TEXT NOT NULL,
    -- short and full name, case-folded: what the filter searches
    name_key             TEXT NOT NULL,
    -- the short name for ordering: case-folded, numbers padded (№ 2 before № 10)
    sort_key             TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    ogrn                 TEXT,
    inn                  TEXT,
    site                 TEXT,
    ready                INTEGER NOT NULL DEFAULT 0,
    widget_site_approved INTEGER NOT NULL DEFAULT 0,
    -- the widget as last generated: design variant and banner text
    widget_variant       TEXT,
    widget_banner        TEXT,
    widget_generated_at  INTEGER,
    -- the last placement check of the site's main page
    widget_checked_at    INTEGER,
    widget_found         INTEGER,
    -- the date the subtree is to be ready by (set by a curator)
    readiness_deadline   TEXT,
    created_at           INTEGER NOT NULL,
    archived_at          INTEGER
);
CREATE INDEX orgs_by_parent ON orgs(parent_id, sort_key);
CREATE INDEX orgs_by_inn ON orgs(inn) WHERE inn IS NOT NULL;
CREATE INDEX orgs_by_ogrn ON orgs(ogrn) WHERE ogrn IS NOT NULL;

CREATE TABLE accounts (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    surname          TEXT NOT NULL,
    first_name       TEXT NOT NULL,
    patronymic       TEXT NOT NULL DEFAULT '',
    -- 'surname first patronymic', case-folded with ё as е, for ordering
    sort_key         TEXT NOT NULL,
    -- name, e-mail and position, case-folded, for the filter
    search_key       TEXT NOT NULL,
    email            TEXT NOT NULL,
    email_key        TEXT NOT NULL UNIQUE,
    phone            TEXT,
    position         TEXT NOT NULL DEFAULT '',
    roles            INTEGER NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('new', 'confirmed', 'archived')),
    invited_at       INTEGER,
    invitations_sent INTEGER NOT NULL DEFAULT 0,
    confirmed_at     INTEGER,
    trained_at       INTEGER,
    created_at       INTEGER NOT NULL
);
CREATE INDEX accounts_by_org ON accounts(org_id, sort_key, id);

-- Bearer tokens: only the SHA-256 of the token is kept.
CREATE TABLE tokens (
    hash         TEXT PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER
) WITHOUT ROWID;
CREATE INDEX tokens_by_account ON tokens(account_id);

-- Invitation links: only the SHA-256 of the token is kept. A resend revokes
-- the earlier ones; accepting uses one up.
CREATE TABLE invitations (
    hash         TEXT PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER,
    revoked_at   INTEGER
) WITHOUT ROWID;
CREATE INDEX invitations_by_account ON invitations(account_id);

CREATE TABLE categories (
    id            INTEGER PRIMARY KEY,
    parent_id     INTEGER REFERENCES categories(id),
    name          TEXT NOT NULL,
    deadline_days INTEGER NOT NULL DEFAULT 10,
    -- optional split of the deadline into stages (working days); a
    -- subcategory without its own takes its category's
    stage_moderation INTEGER,
    stage_execution  INTEGER,
    stage_approval   INTEGER
);
CREATE INDEX categories_by_parent ON categories(parent_id);

-- Which employees handle which categories (assignment suggestions).
CREATE TABLE responsibilities (
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    category_id INTEGER NOT NULL REFERENCES categories(id),
    PRIMARY KEY (account_id, category_id)
) WITHOUT ROWID;
CREATE INDEX responsibilities_by_category ON responsibilities(category_id, account_id);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    category_id     INTEGER REFERENCES categories(id),
    kind            TEXT NOT NULL,
    source          TEXT NOT NULL,
    citizen_name    TEXT NOT NULL,
    citizen_contact TEXT NOT NULL,
    text            TEXT NOT NULL,
    address         TEXT,
    received_at     INTEGER NOT NULL,
    deadline        TEXT NOT NULL,
    -- MessageStatus::code(): 0 moderation … 4 redirect requested are open.
    status          INTEGER NOT NULL,
    assignee_id     INTEGER REFERENCES accounts(id),
    draft           TEXT,
    answer          TEXT,
    version         INTEGER NOT NULL DEFAULT 1,
    prev_status     INTEGER,
    redirect_org_id INTEGER REFERENCES orgs(id),
    -- when the answer was approved, and whether that was by the deadline
    answered_at     INTEGER,
    answered_on_time INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX messages_by_org ON messages(org_id, id);
CREATE INDEX messages_by_org_status ON messages(org_id, status, id);
CREATE INDEX messages_by_assignee ON messages(assignee_id, status, id);
CREATE INDEX messages_by_category ON messages(org_id, category_id, id);
CREATE INDEX messages_open_by_deadline ON messages(org_id, deadline)
    WHERE status IN (0, 1, 2, 3, 4);

-- Full-text index of the text and the citizen's name by word stems (Russian
-- Snowball, case-folded, ё as е), so that «дорога» finds «дороги» and «дорогу».
-- Contentless: the stems come from otklik_stems(), a function every otklik
-- connection registers (search.rs); the trigger's text is search::INDEX_TRIGGER.
CREATE VIRTUAL TABLE messages_fts USING fts5(stems, content = '', contentless_delete = 1);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, stems) VALUES (NEW.id, otklik_stems(NEW.text, NEW.citizen_name));
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    DELETE FROM messages_fts WHERE rowid = OLD.id;
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, citizen_name ON messages BEGIN
    DELETE FROM messages_fts WHERE rowid = OLD.id;
    INSERT INTO messages_fts (rowid, stems) VALUES (NEW.id, otklik_stems(NEW.text, NEW.citizen_name));
END;

CREATE TABLE message_history (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES messages(id),
    at          INTEGER NOT NULL,
    actor_id    INTEGER REFERENCES accounts(id),
    action      TEXT NOT NULL,
    from_status INTEGER,
    to_status   INTEGER,
    comment     TEXT
);
CREATE INDEX history_by_message ON message_history(message_id, id);

-- Answer templates, kept by an organisation's administrators for its subtree.
CREATE TABLE templates (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    category_id INTEGER REFERENCES categories(id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX templates_by_org ON templates(org_id, title);

-- Approved answers waiting to be delivered to the citizen by the
-- citizen-facing side, which reads and marks them.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    message_id   INTEGER NOT NULL REFERENCES messages(id),
    contact      TEXT NOT NULL,
    answer       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    delivered_at INTEGER
);
CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_at IS NULL;

-- Messages per organisation and status, kept by the triggers below so the
-- tree and the tabs never count a million rows.
CREATE TABLE org_status_counts (
    org_id INTEGER NOT NULL,
    status INTEGER NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (org_id, status)
) WITHOUT ROWID;

-- Messages per organisation, top-level category (0: none), status and
-- "answered on time": the statistics of a whole subtree add these up
-- instead of reading a million messages.
CREATE TABLE org_figures (
    org_id      INTEGER NOT NULL,
    category_id INTEGER NOT NULL,
    status      INTEGER NOT NULL,
    on_time     INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (org_id, category_id, status, on_time)
) WITHOUT ROWID;

CREATE TRIGGER messages_figures_insert AFTER INSERT ON messages BEGIN
    INSERT INTO org_figures (org_id, category_id, status, on_time, n)
    VALUES (NEW.org_id,
            coalesce((SELECT coalesce(parent_id, id) FROM categories WHERE id = NEW.category_id), 0),
            NEW.status, NEW.answered_on_time, 1)
    ON CONFLICT (org_id, category_id, status, on_time) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER messages_figures_delete AFTER DELETE ON messages BEGIN
    UPDATE org_figures SET n = n - 1
    WHERE org_id = OLD.org_id AND status = OLD.status AND on_time = OLD.answered_on_time
      AND category_id = coalesce((SELECT coalesce(parent_id, id) FROM categories WHERE id = OLD.category_id), 0);
END;

CREATE TRIGGER messages_figures_update
AFTER UPDATE OF org_id, status, category_id, answered_on_time ON messages
WHEN OLD.org_id IS NOT NEW.org_id OR OLD.status IS NOT NEW.status
  OR OLD.category_id IS NOT NEW.category_id OR OLD.answered_on_time IS NOT NEW.answered_on_time BEGIN
    UPDATE org_figures SET n = n - 1
    WHERE org_id = OLD.org_id AND status = OLD.status AND on_time = OLD.answered_on_time
      AND category_id = coalesce((SELECT coalesce(parent_id, id) FROM categories WHERE id = OLD.category_id), 0);
    INSERT INTO org_figures (org_id, category_id, status, on_time, n)
    VALUES (NEW.org_id,
            coalesce((SELECT coalesce(parent_id, id) FROM categories WHERE id = NEW.category_id), 0),
            NEW.status, NEW.answered_on_time, 1)
    ON CONFLICT (org_id, category_id, status, on_time) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER messages_count_insert AFTER INSERT ON messages BEGIN
    INSERT INTO org_status_counts (org_id, status, n) VALUES (NEW.org_id, NEW.status, 1)
    ON CONFLICT (org_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER messages_count_delete AFTER DELETE ON messages BEGIN
    UPDATE org_status_counts SET n = n - 1 WHERE org_id = OLD.org_id AND status = OLD.status;
END;

CREATE TRIGGER messages_count_update AFTER UPDATE OF org_id, status ON messages
WHEN OLD.org_id IS NOT NEW.org_id OR OLD.status IS NOT NEW.status BEGIN
    UPDATE org_status_counts SET n = n - 1 WHERE org_id = OLD.org_id AND status = OLD.status;
    INSERT INTO org_status_counts (org_id, status, n) VALUES (NEW.org_id, NEW.status, 1)
    ON CONFLICT (org_id, status) DO UPDATE SET n = n + 1;
END;
