-- What committed writes changed, for the clients that follow them live:
-- a sequence of small JSON bodies without personal data. Writes are
-- serial (the advisory lock), so ids grow in commit order.
CREATE TABLE changes (
    id bigserial PRIMARY KEY,
    at bigint NOT NULL,
    body text NOT NULL
);
