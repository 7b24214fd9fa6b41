#include "admin/admin_api.h"

#include <charconv>
#include <vector>

#include "admin/admin_endpoints.h"
#include "admin/admin_json.h"
#include "admin/admin_token.h"
#include "base/log.h"

namespace postwatch {

namespace {

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    if (slash > pos) out.push_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}

std::optional<int64_t> ParseId(const std::string& text) {
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

HttpReply Unauthorized(bool token_given) {
  HttpReply reply = ErrorReply(401, token_given ? "wrong admin token" : "admin token required");
  reply.headers.emplace_back("WWW-Authenticate",
                             token_given ? "Bearer realm=\"postwatch\", error=\"invalid_token\""
                                         : "Bearer realm=\"postwatch\"");
  return reply;
}

HttpReply MethodNotAllowed(const std::string& allow) {
  HttpReply reply = ErrorReply(405, "method not allowed; use " + allow);
  reply.headers.emplace_back("Allow", allow);
  return reply;
}

HttpReply NotFound(const std::string& path) {
  return ErrorReply(404, "no endpoint " + path +
                             "; see /v1/status, /v1/accounts, /v1/plugins, /v1/lists, /v1/audit");
}

}  // namespace

AdminApi::AdminApi(std::string token, Store& store, AdminActions& actions,
                   StewardshipMetrics* metrics)
    : store_(store), actions_(actions), metrics_(metrics), token_(std::move(token)) {}

void AdminApi::SetToken(std::string token) {
  std::lock_guard lock(token_mu_);
  token_ = std::move(token);
}

void AdminApi::SetPublicUrl(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  std::lock_guard lock(token_mu_);
  public_url_ = std::move(url);
}

HttpReply AdminApi::Handle(const HttpRequest& request) {
  std::string public_url;
  {
    std::lock_guard lock(token_mu_);
    public_url = public_url_;
  }
  // The owner's pages: no bearer token; guarded by their one-time values.
  constexpr std::string_view kConnect = "/connect/";
  if (request.path.rfind(kConnect, 0) == 0) {
    if (request.method != "GET") return MethodNotAllowed("GET");
    return ConnectPage(actions_, grants_, request.path.substr(kConnect.size()), public_url);
  }
  if (request.path == "/oauth/callback") {
    if (request.method != "GET") return MethodNotAllowed("GET");
    return OAuthCallbackPage(actions_, grants_, request, public_url);
  }
  std::string given = BearerToken(request.Header("Authorization"));
  std::string expected;
  {
    std::lock_guard lock(token_mu_);
    expected = token_;
  }
  if (given.empty() || !TokensEqual(given, expected)) {
    Log(LogLevel::kWarning, "admin",
        (given.empty() ? "request without a token from " : "wrong token from ") +
            (request.peer.empty() ? std::string("unknown peer") : request.peer) + ": " +
            request.method + " " + request.path);
    return Unauthorized(!given.empty());
  }
  std::string actor = TokenFingerprint(given) + "@" + request.peer;
  HttpReply reply = Route(request, actor);
  if (request.method != "GET") {
    Log(reply.status < 400 ? LogLevel::kInfo : LogLevel::kWarning, "admin",
        actor + " " + request.method + " " + request.path + " -> " + std::to_string(reply.status));
  }
  return reply;
}

HttpReply AdminApi::Route(const HttpRequest& request, const std::string& actor) {
  AdminContext c{store_, actions_, metrics_, request, actor};
  const std::vector<std::string> s = Segments(request.path);
  const std::string& m = request.method;
  if (s.size() < 2 || s[0] != "v1") return NotFound(request.path);
  const std::string& area = s[1];

  if (area == "status" && s.size() == 2) {
    return m == "GET" ? GetStatus(c) : MethodNotAllowed("GET");
  }
  if (area == "audit" && s.size() == 2) {
    return m == "GET" ? ListAudit(c) : MethodNotAllowed("GET");
  }
  if (area == "accounts") {
    if (s.size() == 2) {
      if (m == "GET") return ListAccounts(c);
      if (m == "POST") return AddAccount(c);
      return MethodNotAllowed("GET, POST");
    }
    if (s.size() == 3 && s[2] == "import") {
      return m == "POST" ? ImportAccounts(c) : MethodNotAllowed("POST");
    }
    std::optional<int64_t> id = ParseId(s[2]);
    if (!id) return ErrorReply(400, "account id must be a positive integer, got '" + s[2] + "'");
    if (s.size() == 3) {
      if (m == "GET") return GetAccount(c, *id);
      if (m == "DELETE") return RemoveAccount(c, *id);
      return MethodNotAllowed("GET, DELETE");
    }
    if (s.size() == 4 && (s[3] == "pause" || s[3] == "resume")) {
      return m == "POST" ? SetAccountPaused(c, *id, s[3] == "pause") : MethodNotAllowed("POST");
    }
    if (s.size() == 4 && s[3] == "export") {
      return m == "GET" ? ExportAccount(c, *id) : MethodNotAllowed("GET");
    }
    if (s.size() == 4 && s[3] == "credential") {
      if (m == "GET") return GetCredential(c, *id);
      if (m == "PUT") return PutCredential(c, *id);
      if (m == "DELETE") return DeleteCredential(c, *id);
      return MethodNotAllowed("GET, PUT, DELETE");
    }
    if (s.size() == 4 && s[3] == "connect-link") {
      if (m != "POST") return MethodNotAllowed("POST");
      std::string public_url;
      {
        std::lock_guard lock(token_mu_);
        public_url = public_url_;
      }
      return CreateConnectLink(c, *id, grants_, public_url);
    }
    return NotFound(request.path);
  }
  if (area == "plugins") {
    if (s.size() == 2) return m == "GET" ? ListPlugins(c) : MethodNotAllowed("GET");
    if (s.size() == 4 && (s[3] == "enable" || s[3] == "disable")) {
      return m == "POST" ? SetPluginEnabled(c, s[2], s[3] == "enable") : MethodNotAllowed("POST");
    }
    return NotFound(request.path);
  }
  if (area == "lists") {
    if (s.size() == 2) return m == "GET" ? ListLists(c) : MethodNotAllowed("GET");
    if (s.size() == 3 && s[2] == "reload") {
      return m == "POST" ? ReloadLists(c) : MethodNotAllowed("POST");
    }
    return NotFound(request.path);
  }
  return NotFound(request.path);
}

HttpReply AuditUnavailableReply(const Status& status) {
  return ErrorReply(
      500, "the audit log cannot be written, so nothing was changed: " + status.ToString());
}

HttpReply AuditIncompleteReply(const Status& status) {
  return ErrorReply(500,
                    "the change was made, but its outcome could not be added to the audit log "
                    "(the record stays 'pending'): " +
                        status.ToString());
}

std::optional<HttpReply> RegistryFileConflict(AdminContext& c) {
  std::string file = c.actions.DaemonStatus().registry_file;
  if (file.empty()) return std::nullopt;
  return ErrorReply(409, "accounts come from the registry file " + file +
                             "; edit it and reload, or set \"registry\": \"\" to manage "
                             "accounts through the admin API");
}

ChangeBody ParseChangeBody(AdminContext& c) {
  ChangeBody out;
  JsonBody body = ParseJsonBody(c.request.body, "admin_change.schema.json", true);
  if (!body.ok()) {
    out.invalid = ErrorReply(400, "invalid request body", body.errors);
    return out;
  }
  out.reason = StringMember(body.document, "reason");
  return out;
}

}  // namespace postwatch
