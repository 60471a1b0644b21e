-- Open messages by deadline carry their status: an overdue count or page
-- that leaves out moderation (everyone but platform curators) is told from
-- the index alone instead of reading every overdue row.
DROP INDEX messages_open_by_deadline;
CREATE INDEX messages_open_by_deadline ON messages(org_id, deadline, status)
    WHERE status IN (0, 1, 2, 3, 4);
