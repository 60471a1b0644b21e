-- The tree counts each node's live children: an index of exactly those,
-- so that the count is an index-only look-up even under a parent with
-- thousands of children.
CREATE INDEX orgs_live_by_parent ON orgs(parent_id) WHERE archived_at IS NULL;
