#include "mastodon/mastodon_plugin.h"

#include <libxml/parser.h>

#include <charconv>
#include <exception>
#include <mutex>
#include <optional>
#include <string>

#include "mastodon/mastodon_account.h"
#include "mastodon/mastodon_config.h"
#include "mastodon/mastodon_statuses.h"
#include "support/emitter.h"
#include "support/feed_date.h"
#include "support/http_fields.h"
#include "support/json_fields.h"

namespace postwatch::mastodon {
namespace {

using plugin::Emitter;
using plugin::View;

constexpr std::string_view kLookupTag = "lookup";
constexpr std::string_view kResolveTag = "resolve";
constexpr std::string_view kStatusesTag = "statuses";

std::optional<int64_t> HeaderInt(const pw_response& response, std::string_view name) {
  std::optional<std::string_view> text = plugin::FindHeader(response, name);
  if (!text) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

// X-RateLimit-Limit / -Remaining (integers) and -Reset (an ISO 8601 time).
void EmitRateLimit(const Emitter& emit, const pw_response& response) {
  std::optional<int64_t> remaining = HeaderInt(response, "X-RateLimit-Remaining");
  std::optional<int64_t> limit = HeaderInt(response, "X-RateLimit-Limit");
  std::optional<int64_t> reset;
  if (auto text = plugin::FindHeader(response, "X-RateLimit-Reset")) {
    reset = plugin::ParseIso8601Date(*text);
  }
  if (!remaining && !limit && !reset) return;
  emit.RateLimit(remaining.value_or(-1), limit.value_or(-1), reset.value_or(0));
}

void EmitRequest(const Emitter& emit, std::string url, std::string_view tag) {
  plugin::RequestFields request;
  request.url = std::move(url);
  request.headers.emplace_back("Accept", "application/json");
  request.tag = std::string(tag);
  emit.Request(request);
}

std::string PageTag(int page) {
  return page <= 1 ? std::string(kStatusesTag)
                   : std::string(kStatusesTag) + ":" + std::to_string(page);
}

// The page number of a statuses tag ("statuses" is 1, "statuses:3" is 3); 0 for other tags.
int PageOf(std::string_view tag) {
  if (tag == kStatusesTag) return 1;
  if (tag.substr(0, kStatusesTag.size() + 1) != std::string(kStatusesTag) + ":") return 0;
  std::string_view digits = tag.substr(kStatusesTag.size() + 1);
  int page = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), page);
  return ec == std::errc() && end == digits.data() + digits.size() && page >= 2 ? page : 0;
}

// The account id in ".../api/v1/accounts/<id>/statuses...", or "".
std::string AccountIdInUrl(std::string_view url) {
  constexpr std::string_view kMarker = "/api/v1/accounts/";
  size_t start = url.find(kMarker);
  if (start == std::string_view::npos) return "";
  std::string_view rest = url.substr(start + kMarker.size());
  std::string_view id = rest.substr(0, rest.find('/'));
  return IsValidId(id) ? std::string(id) : std::string();
}

// The "error" text of a Mastodon error body ({"error":"Record not found"}), or "".
std::string ErrorText(std::string_view body) {
  plugin::JsonParse json = plugin::ParseJson(body);
  if (!json.ok()) return "";
  std::optional<std::string_view> text = plugin::JsonString(json.doc, "error");
  return text ? ": " + std::string(text->substr(0, 200)) : std::string();
}

pw_status StatusError(const Emitter& emit, const pw_response& response, std::string_view what) {
  int status = response.status;
  std::string message = "HTTP " + std::to_string(status) + " for the " + std::string(what) +
                        " of " + std::string(View(response.url)) +
                        ErrorText(plugin::Body(response));
  if (status == 404 || status == 410) {
    return emit.Error(PW_E_GONE, message + " (the account no longer exists)");
  }
  if (status == 401 || status == 403) {
    return emit.Error(PW_E_AUTH, message + " (the instance refuses public reads)");
  }
  if (status == 429) return emit.Error(PW_E_RATELIMITED, message);
  return emit.Error(PW_E_PARSE, message);
}

pw_status Init(const pw_host* host, pw_str config_json, void** state) {
  Emitter emit(host);
  try {
    static std::once_flag xml_init;
    std::call_once(xml_init, [] { xmlInitParser(); });
    MastodonConfigParse parsed = ParseMastodonConfig(View(config_json));
    if (!parsed.error.empty()) return emit.Error(PW_E_CONFIG, parsed.error);
    *state = new MastodonConfig(std::move(parsed.config));
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("mastodon plugin init failed: ") + e.what());
  }
}

void Destroy(void* state) { delete static_cast<MastodonConfig*>(state); }

pw_status Plan(void* state, const pw_host* host, const pw_account* account, pw_str /*cursor*/) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const MastodonConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "plan called without state or account");
    }
    HandleParse handle = ParseMastodonHandle(View(account->registered));
    if (!handle.error.empty()) return emit.Error(PW_E_CONFIG, handle.error);
    std::optional<std::string> id = AccountIdOf(View(account->id), handle.handle);
    if (id) {
      EmitRequest(emit, StatusesUrl(*config, handle.handle, *id, ""), PageTag(1));
    } else {
      EmitRequest(emit, LookupUrl(*config, handle.handle), kLookupTag);
    }
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("mastodon plugin plan failed: ") + e.what());
  }
}

pw_status Resolve(void* state, const pw_host* host, const pw_account* account) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const MastodonConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "resolve called without state or account");
    }
    HandleParse handle = ParseMastodonHandle(View(account->registered));
    if (!handle.error.empty()) return emit.Error(PW_E_CONFIG, handle.error);
    EmitRequest(emit, LookupUrl(*config, handle.handle), kResolveTag);
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("mastodon plugin resolve failed: ") + e.what());
  }
}

pw_status ParseLookup(const MastodonConfig& config, const Emitter& emit,
                      const MastodonHandle& handle, const pw_response& response,
                      bool then_statuses) {
  if (!plugin::IsSuccess(response.status)) return StatusError(emit, response, "account lookup");
  plugin::JsonParse json = plugin::ParseJson(plugin::Body(response));
  if (!json.ok()) return emit.Error(PW_E_PARSE, "the account lookup is not JSON: " + json.error);
  std::optional<std::string_view> id = plugin::JsonString(json.doc, "id");
  if (!json.doc.IsObject() || !id || !IsValidId(*id)) {
    return emit.Error(PW_E_LAYOUT, "the account lookup of @" + handle.user + "@" + handle.instance +
                                       " is not an account with an id");
  }
  const rapidjson::Value* suspended = plugin::JsonMember(json.doc, "suspended");
  if (suspended != nullptr && suspended->IsBool() && suspended->GetBool()) {
    return emit.Error(PW_E_GONE, "@" + handle.user + "@" + handle.instance + " is suspended");
  }
  emit.AccountId(CanonicalId(handle, *id));
  if (!then_statuses) return PW_DONE;
  EmitRequest(emit, StatusesUrl(config, handle, *id, ""), PageTag(1));
  return PW_OK;
}

pw_status ParseStatuses(const MastodonConfig& config, const Emitter& emit,
                        const MastodonHandle& handle, const pw_account& account,
                        std::string_view cursor, const pw_response& response, int page_number) {
  if (!plugin::IsSuccess(response.status)) return StatusError(emit, response, "statuses");
  StatusesParse parsed = ParseStatusesPage(plugin::Body(response), cursor);
  if (parsed.code != PW_OK) {
    return emit.Error(parsed.code, parsed.message + " (" + std::string(View(response.url)) + ")");
  }
  const StatusesPage& page = parsed.page;
  for (const plugin::PostFields& post : page.posts) emit.Post(post);
  if (page_number == 1 && !page.newest_id.empty()) {
    bool newer = cursor.empty() || CompareIds(page.newest_id, cursor) > 0;
    emit.Cursor(newer ? page.newest_id : std::string(cursor));
  }
  if (page.reached_cursor || page.status_count == 0) return PW_DONE;
  std::optional<std::string_view> link = plugin::FindHeader(response, "Link");
  std::string max_id = link ? NextMaxId(*link) : std::string();
  if (max_id.empty()) return PW_DONE;
  if (page_number >= config.max_pages) {
    if (!cursor.empty()) {
      emit.Log(PW_LOG_WARNING, "max_pages (" + std::to_string(config.max_pages) +
                                   ") reached before the previous poll's newest status " +
                                   std::string(cursor) + ": older new statuses are skipped");
    }
    return PW_DONE;
  }
  std::string account_id = AccountIdInUrl(View(response.url));
  if (account_id.empty()) account_id = AccountIdOf(View(account.id), handle).value_or("");
  if (account_id.empty()) {
    return emit.Error(PW_E_INTERNAL, "cannot tell the account id for the next statuses page");
  }
  EmitRequest(emit, StatusesUrl(config, handle, account_id, max_id), PageTag(page_number + 1));
  return PW_OK;
}

pw_status Parse(void* state, const pw_host* host, const pw_account* account, pw_str cursor,
                const pw_response* response) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const MastodonConfig*>(state);
    if (config == nullptr || account == nullptr || response == nullptr) {
      return emit.Error(PW_E_INTERNAL, "parse called without state, account or response");
    }
    HandleParse handle = ParseMastodonHandle(View(account->registered));
    if (!handle.error.empty()) return emit.Error(PW_E_CONFIG, handle.error);
    EmitRateLimit(emit, *response);
    std::string_view tag = plugin::Tag(*response);
    if (tag == kLookupTag || tag == kResolveTag) {
      return ParseLookup(*config, emit, handle.handle, *response, tag == kLookupTag);
    }
    if (int page = PageOf(tag); page > 0) {
      return ParseStatuses(*config, emit, handle.handle, *account, View(cursor), *response, page);
    }
    return emit.Error(PW_E_INTERNAL, "unexpected response tag \"" + std::string(tag) + "\"");
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("mastodon plugin parse failed: ") + e.what());
  }
}

// Instances can be on any host; the daemon's SSRF guard still refuses private addresses.
const char* const kEgressHosts[] = {"*"};

const pw_plugin kMastodonPlugin = {
    sizeof(pw_plugin),
    PW_ABI_MAJOR,
    PW_ABI_MINOR,
    "mastodon",
    "0.1.0",
    "mastodon",
    "Public statuses of Mastodon accounts through the instance's REST API",
    kMastodonConfigSchema,
    kMastodonAccountSchema,
    kEgressHosts,
    1,
    0,
    Init,
    Destroy,
    Plan,
    Parse,
    Resolve,
    nullptr,
    nullptr,  // authorize (no owner grant on this platform)
};

}  // namespace

const pw_plugin* MastodonPlugin() { return &kMastodonPlugin; }

}  // namespace postwatch::mastodon
