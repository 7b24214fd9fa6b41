#include "store/shortener_cache.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <utility>

#include "store/transaction.h"

namespace postwatch {
namespace {

constexpr char kFind[] =
    "SELECT chain, ok, error, attempts, expanded_at, expires_at FROM shortener_cache "
    "WHERE short_url = ?1";

constexpr char kPut[] =
    "INSERT OR REPLACE INTO shortener_cache "
    "(short_url, chain, ok, error, attempts, expanded_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

// The host filter lets SQLite use links_by_host: links still on a shortener's host are the
// few that were never expanded (an expanded link moves to its final host).
constexpr char kUnexpandedRows[] =
    "SELECT l.id, l.post_row, p.account_id, a.platform, a.grp FROM links l "
    "JOIN posts p ON p.id = l.post_row JOIN accounts a ON a.id = p.account_id "
    "WHERE l.host = ?1 AND l.normalized = ?2 AND l.chain IS NULL";

constexpr char kUpdateLink[] =
    "UPDATE links SET chain = ?1, normalized = ?2, host = ?3 WHERE id = ?4";

constexpr char kInsertHit[] =
    "INSERT INTO flag_hits (link_row, post_row, account_id, list, rule, matched_url, seen_ms) "
    "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS (SELECT 1 FROM flag_hits "
    "WHERE post_row = ?2 AND list = ?4 AND rule = ?5 AND (link_row = ?1 OR matched_url = ?6))";

constexpr char kUnexpandedUrls[] =
    "SELECT DISTINCT normalized FROM links WHERE host = ?1 AND chain IS NULL LIMIT ?2";

struct LinkRow {
  int64_t link_row = 0;
  int64_t post_row = 0;
  int64_t account_id = 0;
  std::string plugin;
  std::string group;
};

Result<std::vector<LinkRow>> SelectUnexpandedRows(SqliteDb& db, const ExpandedLinkUpdate& update) {
  Result<Statement> stmt = db.Prepare(kUnexpandedRows);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, update.short_host).Bind(2, update.short_url);
  std::vector<LinkRow> rows;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    rows.push_back({stmt->ColumnInt(0), stmt->ColumnInt(1), stmt->ColumnInt(2), stmt->ColumnText(3),
                    stmt->ColumnText(4)});
  }
  return rows;
}

}  // namespace

std::string EncodeUrlList(const std::vector<std::string>& urls) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartArray();
  for (const std::string& url : urls) {
    writer.String(url.data(), static_cast<rapidjson::SizeType>(url.size()));
  }
  writer.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<std::vector<std::string>> DecodeUrlList(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsArray()) {
    return Status::InvalidArgument("not a JSON array of URLs: " + std::string(json.substr(0, 80)));
  }
  std::vector<std::string> urls;
  for (const auto& value : doc.GetArray()) {
    if (!value.IsString()) return Status::InvalidArgument("URL list holds a non-string");
    urls.emplace_back(value.GetString(), value.GetStringLength());
  }
  return urls;
}

Result<std::unique_ptr<ShortenerCache>> ShortenerCache::Open(const std::string& db_path) {
  SqliteOpenOptions write_options;
  Result<std::unique_ptr<SqliteDb>> write_db = SqliteDb::Open(db_path, write_options);
  if (!write_db.ok()) return write_db.status().WithContext("shortener cache");
  Result<int64_t> tables = (*write_db)->QueryInt(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'shortener_cache'");
  if (!tables.ok()) return tables.status().WithContext("shortener cache");
  if (*tables == 0) {
    return Status::InvalidArgument("shortener cache: " + db_path +
                                   " has no shortener_cache table (not migrated)");
  }
  SqliteOpenOptions read_options;
  read_options.read_only = true;
  Result<std::unique_ptr<SqliteDb>> read_db = SqliteDb::Open(db_path, read_options);
  if (!read_db.ok()) return read_db.status().WithContext("shortener cache (read connection)");
  return std::unique_ptr<ShortenerCache>(
      new ShortenerCache(std::move(*write_db), std::move(*read_db)));
}

Result<std::optional<ShortenerExpansion>> ShortenerCache::Find(std::string_view short_url) {
  std::lock_guard lock(read_mu_);
  Result<Statement> stmt = read_db_->Prepare(kFind);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, short_url);
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<ShortenerExpansion>();
  ShortenerExpansion expansion;
  expansion.short_url = std::string(short_url);
  Result<std::vector<std::string>> hops = DecodeUrlList(stmt->ColumnText(0));
  if (!hops.ok()) return hops.status().WithContext(expansion.short_url);
  expansion.hops = std::move(*hops);
  expansion.ok = stmt->ColumnInt(1) != 0;
  expansion.error = stmt->ColumnText(2);
  expansion.attempts = stmt->ColumnInt(3);
  expansion.expanded_at_ms = stmt->ColumnInt(4);
  expansion.expires_at_ms = stmt->ColumnInt(5);
  return std::optional<ShortenerExpansion>(std::move(expansion));
}

Status ShortenerCache::Put(const ShortenerExpansion& expansion) {
  std::lock_guard lock(write_mu_);
  Result<Statement> stmt = write_db_->Prepare(kPut);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, expansion.short_url)
      .Bind(2, EncodeUrlList(expansion.hops))
      .Bind(3, int64_t{expansion.ok ? 1 : 0})
      .Bind(4, expansion.error)
      .Bind(5, expansion.attempts)
      .Bind(6, expansion.expanded_at_ms)
      .Bind(7, expansion.expires_at_ms);
  return stmt->Run();
}

Result<std::vector<AddedFlagHit>> ShortenerCache::AddFlagHitsForExpandedLink(
    const ExpandedLinkUpdate& update, int64_t now_ms) {
  if (update.chain.empty()) return Status::InvalidArgument("expanded link has an empty chain");
  std::lock_guard lock(write_mu_);
  SqliteDb& db = *write_db_;
  // Most calls find nothing to do (a re-check after an expansion); look before taking the
  // write lock, then look again inside the transaction.
  Result<std::vector<LinkRow>> rows = SelectUnexpandedRows(db, update);
  if (!rows.ok()) return rows.status();
  std::vector<AddedFlagHit> added;
  if (rows->empty()) return added;
  Result<Transaction> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  rows = SelectUnexpandedRows(db, update);
  if (!rows.ok()) return rows.status();

  const std::string chain_json = EncodeUrlList(update.chain);
  for (const LinkRow& row : *rows) {
    {
      Result<Statement> stmt = db.Prepare(kUpdateLink);
      if (!stmt.ok()) return stmt.status();
      stmt->Bind(1, chain_json)
          .Bind(2, update.chain.back())
          .Bind(3, update.final_host)
          .Bind(4, row.link_row);
      if (Status s = stmt->Run(); !s.ok()) return s;
    }
    for (const FlagHit& hit : update.hits) {
      Result<Statement> stmt = db.Prepare(kInsertHit);
      if (!stmt.ok()) return stmt.status();
      stmt->Bind(1, row.link_row)
          .Bind(2, row.post_row)
          .Bind(3, row.account_id)
          .Bind(4, hit.list)
          .Bind(5, hit.rule)
          .Bind(6, hit.matched_url)
          .Bind(7, now_ms);
      if (Status s = stmt->Run(); !s.ok()) return s;
      if (db.Changes() > 0) added.push_back({row.account_id, row.plugin, row.group, hit.list});
    }
  }
  if (Status s = tx->Commit(); !s.ok()) return s;
  return added;
}

Result<std::vector<std::string>> ShortenerCache::UnexpandedLinks(const std::string& host,
                                                                 int limit) {
  std::lock_guard lock(read_mu_);
  Result<Statement> stmt = read_db_->Prepare(kUnexpandedUrls);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, host).Bind(2, int64_t{limit});
  std::vector<std::string> urls;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    urls.push_back(stmt->ColumnText(0));
  }
  return urls;
}

}  // namespace postwatch
