// Tables of the embedded store. Each ticket is one JSON document plus the columns
// that are queried; its timeline lives in its own table.
export const SCHEMA_VERSION = 2;

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

CREATE TABLE IF NOT EXISTS meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;
