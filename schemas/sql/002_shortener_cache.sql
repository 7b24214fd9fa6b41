-- 002_shortener_cache: where short links lead, and the expansion chain of stored links.
--
-- Run by the migration runner inside one transaction with PRAGMA user_version = 2; no
-- BEGIN/COMMIT here.

-- One row per short link (normalised, e.g. "https://bit.ly/abc") the daemon tried to expand.
-- chain is a JSON array of the normalised URLs the short link redirected through, the last
-- being the final URL; [] when the shortener answered without a redirect. A failed attempt
-- (ok = 0: network error, 5xx, 429) keeps its error and is retried once expires_at has
-- passed; a success expires too, so a re-pointed short link is noticed eventually.
-- Times are Unix milliseconds.
CREATE TABLE shortener_cache (
  short_url TEXT PRIMARY KEY,
  chain TEXT NOT NULL DEFAULT '[]',
  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
  error TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 1,
  expanded_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

-- The expansion chain of a link that was stored before its short link was expanded: a JSON
-- array from the short link to the final URL (which is then also `normalized`). NULL while
-- the link has not been expanded, and for links that needed no expansion.
ALTER TABLE links ADD COLUMN chain TEXT;
