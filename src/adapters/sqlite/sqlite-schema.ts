// Tables of the embedded store. Each ticket is one JSON document plus the columns
// that are queried; its timeline lives in its own table.
export const SCHEMA_VERSION = 3;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS tickets (
  seq             INTEGER PRIMARY KEY,
  id              TEXT    NOT NULL UNIQUE,
  idempotency_key TEXT    NOT NULL UNIQUE,
  version         INTEGER NOT NULL CHECK (version >= 1),
  status          TEXT    NOT NULL,
  requester_id    TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  doc             TEXT    NOT NULL CHECK (json_valid(doc))
);
CREATE INDEX IF NOT EXISTS tickets_status ON tickets (status, created_at);
CREATE INDEX IF NOT EXISTS tickets_requester ON tickets (requester_id, created_at);
-- Open incidents only: looked up on every report that names an environment (is there an
-- outage already?), so it must not read every open ticket's document.
CREATE INDEX IF NOT EXISTS tickets_open_incidents ON tickets (seq)
  WHERE json_extract(doc, '$.incident.state') IN ('assessing', 'running');

CREATE TABLE IF NOT EXISTS timeline (
  ticket_id TEXT    NOT NULL REFERENCES tickets (id),
  version   INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  actor     TEXT    NOT NULL,
  type      TEXT    NOT NULL,
  data      TEXT    NOT NULL CHECK (json_valid(data)),
  PRIMARY KEY (ticket_id, version)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS conversations (
  key        TEXT    PRIMARY KEY,
  revision   INTEGER NOT NULL DEFAULT 1,
  doc        TEXT    NOT NULL CHECK (json_valid(doc)),
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS card_copies (
  ticket_id       TEXT NOT NULL,
  platform        TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  message_id      TEXT NOT NULL,
  reference       TEXT NOT NULL CHECK (json_valid(reference)),
  UNIQUE (ticket_id, platform, conversation_id, message_id)
);

CREATE TABLE IF NOT EXISTS inbox (
  event_id TEXT    PRIMARY KEY,
  at       INTEGER NOT NULL
) WITHOUT ROWID;

-- Outbound messages, written with the change that caused them (schema 3).
CREATE TABLE IF NOT EXISTS outbox (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  key         TEXT    NOT NULL UNIQUE,
  lane        TEXT    NOT NULL,
  message     TEXT    NOT NULL CHECK (json_valid(message)),
  status      TEXT    NOT NULL DEFAULT 'pending',
  attempts    INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  due_at      INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error  TEXT,
  reported    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, due_at);
CREATE INDEX IF NOT EXISTS outbox_lane ON outbox (lane, status, seq);

-- Durable SLA timers (schema 3).
CREATE TABLE IF NOT EXISTS timers (
  id          TEXT    PRIMARY KEY,
  ticket_id   TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  target      TEXT    NOT NULL,
  fraction    REAL    NOT NULL,
  due_at      INTEGER NOT NULL,
  status      TEXT    NOT NULL DEFAULT 'pending',
  lease_owner TEXT,
  lease_until INTEGER,
  fired_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS timers_due ON timers (status, due_at);
CREATE INDEX IF NOT EXISTS timers_ticket ON timers (ticket_id, status);

CREATE TABLE IF NOT EXISTS meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;
