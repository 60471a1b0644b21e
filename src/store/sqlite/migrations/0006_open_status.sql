-- Open messages by deadline carry their status: an overdue count or page
-- that leaves out moderation (everyone but platform curators) is told from
-- the index alone instead of reading every overdue row.
DROP INDEX messages_open_by_deadline;
CREATE INDEX messages_open_by_deadline ON messages(org_id, deadline, status)
    WHERE status IN (0, 1, 2, 3, 4);

-- The kept counts by status: how many messages of some statuses the whole
-- store holds is read from a few thousand index entries (choosing a plan
-- for a large subtree needs it on every page).
CREATE INDEX org_status_counts_by_status ON org_status_counts(status, n);
