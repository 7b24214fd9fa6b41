-- 003_audit_log: who changed what through the admin API, and when; and an index for the
-- retention job.
--
-- Run by the migration runner inside one transaction (no BEGIN/COMMIT here). The audit
-- log has no foreign keys on purpose: a record of an erasure outlives the account it
-- describes. A mutation writes its record first, with outcome 'pending', and sets the
-- outcome when it is done ('ok' or 'failed: <reason>'), so no change is ever made that
-- the log does not show.

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  before_json TEXT NOT NULL DEFAULT 'null',
  after_json TEXT NOT NULL DEFAULT 'null',
  outcome TEXT NOT NULL DEFAULT 'pending'
);
CREATE INDEX audit_log_by_at ON audit_log (at_ms);

-- Retention deletes posts by published time (Unix seconds; first_seen_ms when unknown).
CREATE INDEX posts_by_published ON posts (published_at);
