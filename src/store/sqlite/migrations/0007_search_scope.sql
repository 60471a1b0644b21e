-- The word index also knows where each message is: a `scope` column holds
-- a token for every organisation on the message's path (`t1 t2 t57`) and
-- one for its own organisation (`o57`). A search in one organisation or a
-- small subtree then asks the index for the words AND the scope, instead
-- of collecting every message a short word finds in the whole store
-- («о» in one organisation of a million messages: 16.7 → 1.4 ms).
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;
DROP TABLE messages_fts;
CREATE VIRTUAL TABLE messages_fts USING fts5(stems, scope, content = '', contentless_delete = 1);
INSERT INTO messages_fts (rowid, stems, scope)
    SELECT m.id, otklik_stems(m.text, m.citizen_name), otklik_scope(o.path)
    FROM messages m JOIN orgs o ON o.id = m.org_id;
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, stems, scope) VALUES (NEW.id, otklik_stems(NEW.text, NEW.citizen_name), otklik_scope((SELECT path FROM orgs WHERE id = NEW.org_id)));
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    DELETE FROM messages_fts WHERE rowid = OLD.id;
END;
-- A redirect moves a message to another organisation: its scope follows.
CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, citizen_name, org_id ON messages
    WHEN NEW.text IS NOT OLD.text OR NEW.citizen_name IS NOT OLD.citizen_name OR NEW.org_id IS NOT OLD.org_id
BEGIN
    DELETE FROM messages_fts WHERE rowid = OLD.id;
    INSERT INTO messages_fts (rowid, stems, scope) VALUES (NEW.id, otklik_stems(NEW.text, NEW.citizen_name), otklik_scope((SELECT path FROM orgs WHERE id = NEW.org_id)));
END;
