-- 004_ingest_speed: cheaper inserts into posts, the table every new post writes.
--
-- Run by the migration runner inside one transaction (no BEGIN/COMMIT here).
--
-- 1. The CHECKs on posts.kind (`kind IN ('post', 'video', 'reply', 'share')`) and on
--    accounts.status (six values) are IN lists. SQLite evaluates a constant IN list of more
--    than two values by building a temporary B-tree of the values each time the row is
--    written: on every new post (about a fifth of the store's CPU per post) and on every
--    poll's account update, 304s included. The same rules written as equalities are
--    evaluated with plain comparisons. A CHECK constraint
--    does not change how rows are stored, so the table's definition text is edited in
--    place, the procedure SQLite documents for changing constraints (section "Making Other
--    Kinds Of Table Schema Changes" of its ALTER TABLE page); no row is rewritten.
--    writable_schema = RESET re-reads the schema on this connection; the index changes
--    below change the schema cookie, so other connections re-read it too.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (kind IN (''post'', ''video'', ''reply'', ''share''))',
                  'CHECK (kind = ''post'' OR kind = ''video'' OR kind = ''reply'' OR kind = ''share'')')
WHERE type = 'table' AND name = 'posts';
UPDATE sqlite_schema
SET sql = replace(sql,
                  'CHECK (status IN (''active'', ''paused'', ''backoff'', ''failing'', ''gone'', ''auth''))',
                  'CHECK (status = ''active'' OR status = ''paused'' OR status = ''backoff'' OR '
                  || 'status = ''failing'' OR status = ''gone'' OR status = ''auth'')')
WHERE type = 'table' AND name = 'accounts';
PRAGMA writable_schema = RESET;

-- 2. posts had two single-column time indexes that only the retention job reads:
--    posts_by_published (published_at > 0 AND published_at < ?) and posts_by_first_seen
--    (published_at = 0 AND first_seen_ms < ?). One index on (published_at, first_seen_ms)
--    answers both, so each new post updates one index fewer. The activity gauges read
--    posts_by_account_published, which stays.
CREATE INDEX posts_by_published_first_seen ON posts (published_at, first_seen_ms);
DROP INDEX posts_by_published;
DROP INDEX posts_by_first_seen;
