#include "fetch/robots_cache.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "base/status.h"
#include "fetch/curl_handles.h"

namespace postwatch {
namespace {

struct UrlParts {
  std::string origin;
  std::string robots_url;
  std::string path_and_query;
};

// The part of `url` named `part`, or nullopt when it is absent.
std::optional<std::string> GetPart(CURLU* url, CURLUPart part, unsigned int flags = 0) {
  char* raw = nullptr;
  if (curl_url_get(url, part, &raw, flags) != CURLUE_OK || raw == nullptr) return std::nullopt;
  CurlString text(raw);
  return std::string(text.get());
}

Result<UrlParts> SplitUrl(std::string_view url) {
  CurlUrl parsed(curl_url());
  if (!parsed) return Status::Internal("curl_url failed");
  const std::string text(url);
  if (curl_url_set(parsed.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) !=
      CURLUE_OK) {
    return Status::InvalidArgument("malformed URL");
  }
  std::optional<std::string> scheme = GetPart(parsed.get(), CURLUPART_SCHEME);
  std::optional<std::string> host = GetPart(parsed.get(), CURLUPART_HOST);
  std::optional<std::string> port = GetPart(parsed.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!scheme || (*scheme != "http" && *scheme != "https")) {
    return Status::InvalidArgument("not an http(s) URL");
  }
  if (!host || host->empty() || !port) return Status::InvalidArgument("URL has no host");
  std::transform(host->begin(), host->end(), host->begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool default_port =
      (*scheme == "http" && *port == "80") || (*scheme == "https" && *port == "443");
  UrlParts parts;
  parts.origin = *scheme + "://" + *host + ":" + *port;
  parts.robots_url = *scheme + "://" + *host + (default_port ? "" : ":" + *port) + "/robots.txt";
  parts.path_and_query = GetPart(parsed.get(), CURLUPART_PATH).value_or("/");
  if (std::optional<std::string> query = GetPart(parsed.get(), CURLUPART_QUERY)) {
    parts.path_and_query += "?" + *query;
  }
  return parts;
}

}  // namespace

RobotsCache::RobotsCache(RobotsCacheOptions options) : options_(options) {}

RobotsDecision RobotsCache::Check(std::string_view url, int64_t now_ms) {
  RobotsDecision decision;
  Result<UrlParts> parts = SplitUrl(url);
  if (!parts.ok()) {
    decision.verdict = RobotsVerdict::kDisallowed;
    decision.reason = parts.status().message();
    return decision;
  }
  decision.origin = parts->origin;
  decision.robots_url = parts->robots_url;

  MutexLock lock(&mutex_);
  auto it = entries_.find(parts->origin);
  if (it == entries_.end()) {
    EvictIfFullLocked(now_ms);
    it = entries_.emplace(parts->origin, Entry{}).first;
  }
  Entry& entry = it->second;
  const bool fresh = entry.has_rules && now_ms < entry.expires_ms;
  const bool fetching =
      entry.pending_since_ms >= 0 && now_ms - entry.pending_since_ms < options_.fetch_timeout_ms;
  if (!fresh && !fetching) {
    entry.pending_since_ms = now_ms;
    decision.verdict = RobotsVerdict::kNeedFetch;
    return decision;
  }
  if (!entry.has_rules) {  // first fetch still out: nothing to go by yet
    decision.verdict = RobotsVerdict::kPending;
    decision.retry_at_ms = entry.pending_since_ms + options_.fetch_timeout_ms;
    return decision;
  }
  // Fresh rules, or expired ones while their refresh is out.
  if (entry.rules.Allowed(parts->path_and_query)) {
    decision.verdict = RobotsVerdict::kAllowed;
  } else {
    decision.verdict = RobotsVerdict::kDisallowed;
    decision.reason = "disallowed by " + parts->robots_url + " (" + entry.source + ")";
  }
  return decision;
}

void RobotsCache::Abandon(const std::string& origin) {
  MutexLock lock(&mutex_);
  if (auto it = entries_.find(origin); it != entries_.end()) it->second.pending_since_ms = -1;
}

void RobotsCache::Store(const std::string& origin, const FetchResponse& response, int64_t now_ms) {
  if (response.error == FetchError::kCancelled) {
    MutexLock lock(&mutex_);
    if (auto it = entries_.find(origin); it != entries_.end()) it->second.pending_since_ms = -1;
    return;
  }
  Entry entry;
  entry.has_rules = true;
  entry.fetched_ms = now_ms;
  entry.expires_ms = now_ms + options_.ttl_ms;
  const int status = response.status;
  if (response.error != FetchError::kNone) {
    entry.rules = RobotsRules::DisallowAll();
    entry.expires_ms = now_ms + options_.error_ttl_ms;
    entry.source = std::string(FetchErrorName(response.error)) + " error, disallow all";
  } else if (status >= 200 && status < 300) {
    entry.rules = RobotsRules::Parse(response.body);
    entry.source = "robots.txt";
  } else if (status >= 300 && status < 500 && status != 429) {
    entry.rules = RobotsRules::AllowAll();
    entry.source = "HTTP " + std::to_string(status) + ", allow all";
  } else {
    entry.rules = RobotsRules::DisallowAll();
    entry.expires_ms = now_ms + options_.error_ttl_ms;
    entry.source = "HTTP " + std::to_string(status) + ", disallow all";
  }
  MutexLock lock(&mutex_);
  if (entries_.find(origin) == entries_.end()) EvictIfFullLocked(now_ms);
  entries_[origin] = std::move(entry);
}

size_t RobotsCache::size() const {
  MutexLock lock(&mutex_);
  return entries_.size();
}

void RobotsCache::EvictIfFullLocked(int64_t now_ms) {
  if (entries_.size() < options_.max_origins) return;
  // Expired entries go first; if none, the one expiring soonest.
  for (auto it = entries_.begin(); it != entries_.end();) {
    const Entry& e = it->second;
    const bool pending =
        e.pending_since_ms >= 0 && now_ms - e.pending_since_ms < options_.fetch_timeout_ms;
    it = (!pending && e.expires_ms <= now_ms) ? entries_.erase(it) : std::next(it);
  }
  if (entries_.size() < options_.max_origins || entries_.empty()) return;
  auto victim = std::min_element(
      entries_.begin(), entries_.end(),
      [](const auto& a, const auto& b) { return a.second.expires_ms < b.second.expires_ms; });
  entries_.erase(victim);
}

}  // namespace postwatch
