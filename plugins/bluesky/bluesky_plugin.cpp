#include "bluesky/bluesky_plugin.h"

#include <charconv>
#include <exception>
#include <optional>
#include <string>

#include "bluesky/bluesky_actor.h"
#include "bluesky/bluesky_config.h"
#include "bluesky/bluesky_feed.h"
#include "support/emitter.h"
#include "support/http_fields.h"
#include "support/json_fields.h"

namespace postwatch::bluesky {
namespace {

using plugin::Emitter;
using plugin::View;

constexpr std::string_view kResolveTag = "resolve";
constexpr std::string_view kIdentityTag = "identity";
constexpr std::string_view kFeedTag = "feed";

std::optional<int64_t> HeaderInt(const pw_response& response, std::string_view name) {
  std::optional<std::string_view> text = plugin::FindHeader(response, name);
  if (!text) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

// RateLimit-Limit / -Remaining / -Reset (Unix seconds), as the AppView and PDSes send them.
void EmitRateLimit(const Emitter& emit, const pw_response& response) {
  std::optional<int64_t> remaining = HeaderInt(response, "RateLimit-Remaining");
  std::optional<int64_t> limit = HeaderInt(response, "RateLimit-Limit");
  std::optional<int64_t> reset = HeaderInt(response, "RateLimit-Reset");
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
  return page <= 1 ? std::string(kFeedTag) : std::string(kFeedTag) + ":" + std::to_string(page);
}

// The page number of a feed tag ("feed" is 1, "feed:3" is 3); 0 for other tags.
int PageOf(std::string_view tag) {
  if (tag == kFeedTag) return 1;
  if (tag.substr(0, kFeedTag.size() + 1) != std::string(kFeedTag) + ":") return 0;
  std::string_view digits = tag.substr(kFeedTag.size() + 1);
  int page = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), page);
  return ec == std::errc() && end == digits.data() + digits.size() && page >= 2 ? page : 0;
}

// The DID to read: the stored canonical id, else a registered DID; "" when only a handle
// is known.
std::string KnownDid(const pw_account& account, const Actor& actor) {
  std::string_view id = View(account.id);
  if (IsDid(id)) return std::string(id);
  return actor.did;
}

// The value of query parameter `name` in `url`, percent-decoded; "" when absent.
std::string QueryParameter(std::string_view url, std::string_view name) {
  size_t question = url.find('?');
  if (question == std::string_view::npos) return "";
  std::string_view query = url.substr(question + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return PercentDecode(pair.substr(equals + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return "";
}

bool ContainsNoCase(std::string_view text, std::string_view needle) {
  if (needle.size() > text.size()) return false;
  for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
    if (plugin::EqualsNoCase(text.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

// Maps an XRPC error ({"error":"InvalidRequest","message":"Profile not found"}) or a bare
// status to the typed error the host acts on.
pw_status XrpcError(const Emitter& emit, const pw_response& response, std::string_view what) {
  std::string error;
  std::string detail;
  plugin::JsonParse json = plugin::ParseJson(plugin::Body(response));
  if (json.ok()) {
    if (auto value = plugin::JsonString(json.doc, "error")) error = std::string(*value);
    if (auto value = plugin::JsonString(json.doc, "message")) detail = std::string(*value);
  }
  std::string message = "HTTP " + std::to_string(response.status) + " for the " +
                        std::string(what) + " of " + std::string(View(response.url));
  if (!error.empty()) message += ": " + error.substr(0, 100);
  if (!detail.empty()) message += " (" + detail.substr(0, 200) + ")";
  if (error == "RateLimitExceeded" || response.status == 429) {
    return emit.Error(PW_E_RATELIMITED, message);
  }
  if (error == "AccountTakedown" || error == "AccountDeactivated" || error == "ActorNotFound" ||
      error == "BlockedActor" || error == "BlockedByActor" || response.status == 410 ||
      (error == "InvalidRequest" &&
       (ContainsNoCase(detail, "not found") || ContainsNoCase(detail, "unable to resolve")))) {
    return emit.Error(PW_E_GONE, message);
  }
  if (response.status == 401 || response.status == 403 || error == "AuthMissing" ||
      error == "AuthenticationRequired" || error == "ExpiredToken" || error == "InvalidToken") {
    return emit.Error(PW_E_AUTH, message);
  }
  return emit.Error(PW_E_PARSE, message);
}

pw_status Init(const pw_host* host, pw_str config_json, void** state) {
  Emitter emit(host);
  try {
    BlueskyConfigParse parsed = ParseBlueskyConfig(View(config_json));
    if (!parsed.error.empty()) return emit.Error(PW_E_CONFIG, parsed.error);
    *state = new BlueskyConfig(std::move(parsed.config));
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("bluesky plugin init failed: ") + e.what());
  }
}

void Destroy(void* state) { delete static_cast<BlueskyConfig*>(state); }

pw_status Plan(void* state, const pw_host* host, const pw_account* account, pw_str /*cursor*/) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const BlueskyConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "plan called without state or account");
    }
    ActorParse actor = ParseActor(View(account->registered));
    if (!actor.error.empty()) return emit.Error(PW_E_CONFIG, actor.error);
    std::string did = KnownDid(*account, actor.actor);
    if (!did.empty()) {
      EmitRequest(emit, AuthorFeedUrl(*config, did, ""), PageTag(1));
    } else {
      EmitRequest(emit, ResolveHandleUrl(*config, actor.actor.handle), kResolveTag);
    }
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("bluesky plugin plan failed: ") + e.what());
  }
}

pw_status Resolve(void* state, const pw_host* host, const pw_account* account) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const BlueskyConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "resolve called without state or account");
    }
    ActorParse actor = ParseActor(View(account->registered));
    if (!actor.error.empty()) return emit.Error(PW_E_CONFIG, actor.error);
    if (!actor.actor.did.empty()) {
      emit.AccountId(actor.actor.did);
      return PW_DONE;
    }
    EmitRequest(emit, ResolveHandleUrl(*config, actor.actor.handle), kIdentityTag);
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("bluesky plugin resolve failed: ") + e.what());
  }
}

pw_status ParseResolve(const BlueskyConfig& config, const Emitter& emit,
                       const pw_response& response, bool then_feed) {
  if (!plugin::IsSuccess(response.status)) return XrpcError(emit, response, "handle resolution");
  plugin::JsonParse json = plugin::ParseJson(plugin::Body(response));
  if (!json.ok()) return emit.Error(PW_E_PARSE, "resolveHandle is not JSON: " + json.error);
  std::optional<std::string_view> did = plugin::JsonString(json.doc, "did");
  if (!did || !IsDid(*did)) {
    return emit.Error(PW_E_LAYOUT, "resolveHandle answered without a valid \"did\" (" +
                                       std::string(View(response.url)) + ")");
  }
  emit.AccountId(*did);
  if (!then_feed) return PW_DONE;
  EmitRequest(emit, AuthorFeedUrl(config, *did, ""), PageTag(1));
  return PW_OK;
}

pw_status ParseFeed(const BlueskyConfig& config, const Emitter& emit, const pw_account& account,
                    const Actor& actor, std::string_view stored_cursor, const pw_response& response,
                    int page_number) {
  if (!plugin::IsSuccess(response.status)) return XrpcError(emit, response, "author feed");
  std::optional<FeedCursor> cursor = ParseFeedCursor(stored_cursor);
  FeedParse parsed = ParseAuthorFeed(plugin::Body(response), cursor);
  if (parsed.code != PW_OK) {
    return emit.Error(parsed.code, parsed.message + " (" + std::string(View(response.url)) + ")");
  }
  const FeedPage& page = parsed.page;
  // A registered DID needs no resolution; store it as the canonical id all the same.
  if (page_number == 1 && View(account.id).empty() && !actor.did.empty()) {
    emit.AccountId(actor.did);
  }
  for (const plugin::PostFields& post : page.posts) emit.Post(post);
  if (page_number == 1 && page.newest) {
    bool newer = !cursor || page.newest->sort_ms > cursor->sort_ms ||
                 (page.newest->sort_ms == cursor->sort_ms && page.newest->id > cursor->id);
    emit.Cursor(newer ? FormatFeedCursor(*page.newest) : std::string(stored_cursor));
  }
  if (page.reached_cursor || page.item_count == 0 || page.next_cursor.empty()) return PW_DONE;
  if (page_number >= config.max_pages) {
    if (cursor) {
      emit.Log(PW_LOG_WARNING, "max_pages (" + std::to_string(config.max_pages) +
                                   ") reached before the previous poll's newest item: older "
                                   "new posts are skipped");
    }
    return PW_DONE;
  }
  std::string did = QueryParameter(View(response.url), "actor");
  if (did.empty()) did = KnownDid(account, actor);
  if (did.empty()) return emit.Error(PW_E_INTERNAL, "cannot tell the actor of the next page");
  EmitRequest(emit, AuthorFeedUrl(config, did, page.next_cursor), PageTag(page_number + 1));
  return PW_OK;
}

pw_status Parse(void* state, const pw_host* host, const pw_account* account, pw_str cursor,
                const pw_response* response) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const BlueskyConfig*>(state);
    if (config == nullptr || account == nullptr || response == nullptr) {
      return emit.Error(PW_E_INTERNAL, "parse called without state, account or response");
    }
    ActorParse actor = ParseActor(View(account->registered));
    if (!actor.error.empty()) return emit.Error(PW_E_CONFIG, actor.error);
    EmitRateLimit(emit, *response);
    std::string_view tag = plugin::Tag(*response);
    if (tag == kResolveTag || tag == kIdentityTag) {
      return ParseResolve(*config, emit, *response, tag == kResolveTag);
    }
    if (int page = PageOf(tag); page > 0) {
      return ParseFeed(*config, emit, *account, actor.actor, View(cursor), *response, page);
    }
    return emit.Error(PW_E_INTERNAL, "unexpected response tag \"" + std::string(tag) + "\"");
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("bluesky plugin parse failed: ") + e.what());
  }
}

// The public AppView and the main PDS entryway; loopback names for postwatch-sim (the
// daemon's SSRF guard refuses loopback unless fetch.allow lists the port).
const char* const kEgressHosts[] = {"public.api.bsky.app", "bsky.social", "127.0.0.1", "localhost"};

const pw_plugin kBlueskyPlugin = {
    sizeof(pw_plugin),
    PW_ABI_MAJOR,
    PW_ABI_MINOR,
    "bluesky",
    "0.1.0",
    "bluesky",
    "Public posts and reposts of Bluesky accounts through the public AppView",
    kBlueskyConfigSchema,
    kBlueskyAccountSchema,
    kEgressHosts,
    4,
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

const pw_plugin* BlueskyPlugin() { return &kBlueskyPlugin; }

}  // namespace postwatch::bluesky
