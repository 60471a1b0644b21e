-- The citizen side. The mail queue also carries notices to a message's
-- citizen: a row is for an account (invitations) or for a message (its
-- citizen's notices).
ALTER TABLE mail_queue ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE mail_queue ADD COLUMN message_id bigint REFERENCES messages(id);
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_one_recipient
    CHECK ((account_id IS NULL) <> (message_id IS NULL));
CREATE INDEX mail_queue_by_message ON mail_queue(message_id, id) WHERE message_id IS NOT NULL;

-- Answers used to wait here for a side that never read them; the notices
-- above replace it (the answers stay on their messages).
DROP TABLE outbox;

-- Private tracking links of a message: only the SHA-256 of each is kept.
CREATE TABLE tracking_links (
    hash        text COLLATE "C" PRIMARY KEY,
    message_id  bigint NOT NULL REFERENCES messages(id),
    created_at  bigint NOT NULL
);
CREATE INDEX tracking_links_by_message ON tracking_links(message_id);

-- Posts of the public form counted per hashed key in fixed periods.
CREATE TABLE intake_limits (
    key         text COLLATE "C" PRIMARY KEY,
    since       bigint NOT NULL,
    hits        bigint NOT NULL,
    message_id  bigint
);
CREATE INDEX intake_limits_by_since ON intake_limits(since);
