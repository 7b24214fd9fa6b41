-- 001_initial: accounts, posts, links, flag hits and poll history.
--
-- The migration runner (daemon/store/migration.cpp) runs this file inside one
-- BEGIN IMMEDIATE transaction together with PRAGMA user_version = 1, so it must not
-- contain BEGIN/COMMIT itself. Foreign keys cascade: deleting an account erases its posts,
-- their links, its flag hits and its poll history.

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  registered TEXT NOT NULL,
  member_ref TEXT NOT NULL DEFAULT '',
  display_name TEXT NOT NULL DEFAULT '',
  grp TEXT NOT NULL DEFAULT '',
  ref_json TEXT NOT NULL DEFAULT '{}',
  interval_s INTEGER NOT NULL DEFAULT 0,
  canonical_id TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'paused', 'backoff', 'failing', 'gone', 'auth')),
  cursor TEXT NOT NULL DEFAULT '',
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  next_due_ms INTEGER NOT NULL DEFAULT 0,
  last_poll_ms INTEGER NOT NULL DEFAULT 0,
  last_success_ms INTEGER NOT NULL DEFAULT 0,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  last_published_at INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL DEFAULT 0,
  UNIQUE (platform, registered)
);
CREATE INDEX accounts_by_group ON accounts (grp);

-- text_hash is a 64-bit FNV-1a of the post text: enough to notice an edit without keeping
-- the text itself (links and flag hits are the evidence an operator reads).
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  post_id TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  published_at INTEGER NOT NULL DEFAULT 0,
  kind TEXT NOT NULL DEFAULT 'post' CHECK (kind IN ('post', 'video', 'reply', 'share')),
  shared_url TEXT NOT NULL DEFAULT '',
  text_hash INTEGER NOT NULL DEFAULT 0,
  first_seen_ms INTEGER NOT NULL,
  UNIQUE (account_id, post_id)
);
CREATE INDEX posts_by_account_published ON posts (account_id, published_at);
CREATE INDEX posts_by_first_seen ON posts (first_seen_ms);

CREATE TABLE links (
  id INTEGER PRIMARY KEY,
  post_row INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  raw TEXT NOT NULL,
  normalized TEXT NOT NULL DEFAULT '',
  host TEXT NOT NULL DEFAULT ''
);
CREATE INDEX links_by_post ON links (post_row);
CREATE INDEX links_by_host ON links (host);

CREATE TABLE flag_hits (
  id INTEGER PRIMARY KEY,
  link_row INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  post_row INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  list TEXT NOT NULL,
  rule TEXT NOT NULL,
  matched_url TEXT NOT NULL DEFAULT '',
  seen_ms INTEGER NOT NULL
);
CREATE INDEX flag_hits_by_link ON flag_hits (link_row);
CREATE INDEX flag_hits_by_post ON flag_hits (post_row);
CREATE INDEX flag_hits_by_account ON flag_hits (account_id, seen_ms);
CREATE INDEX flag_hits_by_list ON flag_hits (list, seen_ms);

-- One row per finished poll that reached the network and got an answer or a failure;
-- a 304 Not Modified only updates the account row.
CREATE TABLE poll_history (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  started_ms INTEGER NOT NULL,
  finished_ms INTEGER NOT NULL,
  success INTEGER NOT NULL CHECK (success IN (0, 1)),
  reason TEXT NOT NULL DEFAULT '',
  http_status INTEGER NOT NULL DEFAULT 0,
  new_posts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX poll_history_by_account ON poll_history (account_id, started_ms);
CREATE INDEX poll_history_by_started ON poll_history (started_ms);
