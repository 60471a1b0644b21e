-- Links between messages, kept once from each side so that either
-- message finds its links by its own key: `kind` is 0 for related
-- messages, 1 where `message_id` is a duplicate of `other_id`, 2 where
-- `other_id` is a duplicate of `message_id`.
CREATE TABLE message_links (
    message_id  BIGINT NOT NULL REFERENCES messages(id),
    other_id    BIGINT NOT NULL REFERENCES messages(id),
    kind        BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    created_by  BIGINT REFERENCES accounts(id),
    PRIMARY KEY (message_id, other_id)
);
-- The draft text a step left (edits of the draft), so the message's
-- timeline shows each version.
ALTER TABLE message_history ADD COLUMN draft TEXT;
