-- Whom or where a history line is about: the executor a message was given
-- to, the organisation a redirect names.
ALTER TABLE message_history ADD COLUMN subject_id INTEGER;
