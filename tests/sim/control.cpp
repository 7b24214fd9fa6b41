#include "control.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <utility>

#include "base/time_format.h"
#include "sim_router.h"

namespace postwatch::sim {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteString(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

std::string Finish(const rapidjson::StringBuffer& buffer) {
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

SimResponse Json(std::string body) {
  return TextResponse(200, "application/json", std::move(body));
}

SimResponse MethodNotAllowed(std::string_view allow) {
  SimResponse response = JsonError(405, "method not allowed");
  response.headers.emplace_back("Allow", std::string(allow));
  return response;
}

// The value of "account=" in a query string, or empty.
std::string_view AccountParameter(std::string_view query) {
  constexpr std::string_view kKey = "account=";
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (pair.substr(0, kKey.size()) == kKey) return pair.substr(kKey.size());
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace

ControlService::ControlService(const World& world, ServedLog& served, SimStats& stats,
                               FreezableClock* time, std::vector<const PlatformService*> platforms)
    : world_(world),
      served_(served),
      stats_(stats),
      time_(time),
      platforms_(std::move(platforms)) {}

SimResponse ControlService::Handle(const SimRequest& request) const {
  const std::string_view path = request.path();
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  if (path == "/_sim/served") {
    if (!get) return MethodNotAllowed("GET, HEAD");
    const std::string_view account = AccountParameter(request.query());
    if (!account.empty() && !world_.ParseSlug(account)) return JsonError(404, "no such account");
    return Json(ServedJson(account));
  }
  if (path == "/_sim/stats") return get ? Json(StatsJson()) : MethodNotAllowed("GET, HEAD");
  if (path == "/_sim/info") return get ? Json(InfoJson()) : MethodNotAllowed("GET, HEAD");
  if (path == "/_sim/reset-stats") {
    if (!post) return MethodNotAllowed("POST");
    stats_.Reset();
    return Json("{\"ok\":true}\n");
  }
  if (path == "/_sim/freeze") {
    if (!post) return MethodNotAllowed("POST");
    time_->Freeze();
    return Json("{\"ok\":true,\"frozen_at_ms\":" + std::to_string(time_->now_ms()) + "}\n");
  }
  if (path == "/_sim/reset-served") {
    if (!post) return MethodNotAllowed("POST");
    served_.Clear();
    return Json("{\"ok\":true}\n");
  }
  return JsonError(404, "no such control endpoint");
}

std::string ControlService::ServedJson(std::string_view account_filter) const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("accounts");
  w.StartObject();
  const auto only = account_filter.empty() ? std::nullopt : world_.ParseSlug(account_filter);
  for (uint32_t account = 0; account < world_.account_count(); ++account) {
    if (only && *only != account) continue;
    const std::vector<uint64_t> indexes = served_.ServedIndexes(account);
    if (indexes.empty()) continue;
    WriteString(w, World::Slug(account));
    w.StartObject();
    if (!platforms_.empty()) {
      w.Key("platform");
      WriteString(w, platforms_[account % platforms_.size()]->name());
    }
    w.Key("posts");
    w.StartObject();
    for (uint64_t index : indexes) {
      WriteString(w, platforms_.empty()
                         ? World::PostId(account, index)
                         : platforms_[account % platforms_.size()]->PostId(account, index));
      w.StartObject();
      w.Key("published_at");
      WriteString(w, FormatRfc3339(world_.PublishedMs(account, index) / 1000));
      const std::vector<PostLink> links = world_.LinksOf(account, index);
      w.Key("links");
      w.StartArray();
      for (const PostLink& link : links) WriteString(w, link.url);
      w.EndArray();
      w.Key("flagged");
      w.StartArray();
      for (const PostLink& link : links) {
        if (link.flagged) WriteString(w, link.url);
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return Finish(buffer);
}

std::string ControlService::StatsJson() const {
  const SimStatsSnapshot s = stats_.Snapshot();
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("requests");
  w.Uint64(s.requests);
  w.Key("responses_200");
  w.Uint64(s.responses_200);
  w.Key("responses_304");
  w.Uint64(s.responses_304);
  w.Key("responses_404");
  w.Uint64(s.responses_404);
  w.Key("responses_other");
  w.Uint64(s.responses_other);
  w.Key("connections");
  w.Uint64(s.connections);
  // Feed requests per account that has had any: tests wait on these.
  w.Key("account_requests");
  w.StartObject();
  for (uint32_t i = 0; i < served_.account_count(); ++i) {
    const uint64_t n = served_.Requests(i);
    if (n == 0) continue;
    WriteString(w, World::Slug(i));
    w.Uint64(n);
  }
  w.EndObject();
  w.EndObject();
  return Finish(buffer);
}

std::string ControlService::InfoJson() const {
  const WorldConfig& c = world_.config();
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("accounts");
  w.Uint(c.accounts);
  w.Key("seed");
  w.Uint64(c.seed);
  w.Key("post_interval_s");
  w.Double(c.post_interval_s);
  w.Key("initial_posts");
  w.Uint(c.initial_posts);
  w.Key("feed_items");
  w.Uint(c.feed_items);
  w.Key("flag_share");
  w.Double(c.flag_share);
  w.Key("flag_domains");
  w.StartArray();
  for (const std::string& domain : c.flag_domains) WriteString(w, domain);
  w.EndArray();
  w.Key("start_time_ms");
  w.Int64(c.start_time_ms);
  w.Key("now_ms");
  w.Int64(time_->now_ms());
  w.EndObject();
  return Finish(buffer);
}

}  // namespace postwatch::sim
