-- What committed writes changed, for the clients that follow them live:
-- a sequence (AUTOINCREMENT: an id is never used twice, even after the
-- oldest are pruned) of small JSON bodies without personal data.
CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    body TEXT NOT NULL
);
