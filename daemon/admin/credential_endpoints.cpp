// Owner-granted credentials through the admin API, and the two public pages of the grant.
#include <ctime>
#include <string>

#include "admin/admin_endpoints.h"
#include "admin/admin_json.h"
#include "admin/audited_change.h"
#include "base/log.h"

namespace postwatch {
namespace {

int64_t NowS() { return static_cast<int64_t>(std::time(nullptr)); }

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(ch);
    }
  }
  return out;
}

// A small page for the member's browser. Nothing on it reveals a token or the account's
// internals beyond what the member is granting.
HttpReply Page(int status, std::string_view title, std::string_view message) {
  HttpReply reply;
  reply.status = status;
  reply.content_type = "text/html; charset=utf-8";
  reply.headers = {{"Cache-Control", "no-store"},
                   {"Referrer-Policy", "no-referrer"},
                   {"X-Content-Type-Options", "nosniff"},
                   {"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"}};
  reply.body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
               HtmlEscape(title) +
               "</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:3em "
               "auto\"><h1>" +
               HtmlEscape(title) + "</h1><p>" + HtmlEscape(message) + "</p></body></html>\n";
  return reply;
}

std::string RedirectUri(const std::string& public_url) { return public_url + "/oauth/callback"; }

void WriteCredentialView(JsonWriter& w, int64_t id, const CredentialView& view) {
  w.StartObject();
  w.Key("account_id");
  w.Int64(id);
  w.Key("present");
  w.Bool(view.present);
  if (view.present) {
    w.Key("expires_at");
    w.Int64(view.expires_at);
    w.Key("refresh_expires_at");
    w.Int64(view.refresh_expires_at);
    w.Key("updated_at");
    w.Int64(view.updated_at);
    w.Key("source");
    WriteString(w, view.source);
  }
  w.EndObject();
}

HttpReply CredentialReply(int status, int64_t id, const CredentialView& view) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  WriteCredentialView(w, id, view);
  return JsonReply(status, std::string(buffer.GetString(), buffer.GetSize()) + "\n");
}

// Runs `change` under an audit record of `action` on account `id`.
template <typename Change>
HttpReply Audited(AdminContext& c, int64_t id, std::string action, std::string reason,
                  Change change) {
  Result<Account> account = c.store.GetAccount(id);
  if (!account.ok()) return ErrorReply(HttpStatusFor(account.status()), account.status().message());
  AuditEntry entry;
  entry.actor = c.actor;
  entry.action = std::move(action);
  entry.target = "account:" + std::to_string(id);
  entry.reason = std::move(reason);
  Result<AuditedChange> audit = AuditedChange::Begin(c.store, entry);
  if (!audit.ok()) return AuditUnavailableReply(audit.status());
  Result<HttpReply> reply = change();
  Status outcome = reply.ok() ? Status::Ok() : reply.status();
  if (Status f = audit->Finish(outcome); !f.ok()) return AuditIncompleteReply(f);
  if (!reply.ok()) return ErrorReply(HttpStatusFor(reply.status()), reply.status().message());
  return *reply;
}

}  // namespace

HttpReply GetCredential(AdminContext& c, int64_t id) {
  Result<Account> account = c.store.GetAccount(id);
  if (!account.ok()) return ErrorReply(HttpStatusFor(account.status()), account.status().message());
  Result<CredentialView> view = c.actions.AccountCredential(id);
  if (!view.ok()) return ErrorReply(HttpStatusFor(view.status()), view.status().message());
  return CredentialReply(200, id, *view);
}

HttpReply PutCredential(AdminContext& c, int64_t id) {
  JsonBody body = ParseJsonBody(c.request.body, "admin_credential.schema.json", false);
  if (!body.ok()) return ErrorReply(400, "invalid credential", body.errors);
  const rapidjson::Value& doc = body.document;
  const int64_t now = NowS();
  auto time_of = [&doc, now](const char* at, const char* in) -> int64_t {
    if (auto it = doc.FindMember(at); it != doc.MemberEnd()) return it->value.GetInt64();
    if (auto it = doc.FindMember(in); it != doc.MemberEnd() && it->value.GetInt64() > 0) {
      return now + it->value.GetInt64();
    }
    return 0;
  };
  const int64_t expires_at = time_of("expires_at", "expires_in");
  const int64_t refresh_expires_at = time_of("refresh_expires_at", "refresh_expires_in");
  // The stored secret has the conventional shape plugins read (pw_credential).
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("access_token");
  WriteString(w, StringMember(doc, "access_token"));
  if (std::string refresh = StringMember(doc, "refresh_token"); !refresh.empty()) {
    w.Key("refresh_token");
    WriteString(w, refresh);
  }
  if (expires_at > 0) {
    w.Key("expires_at");
    w.Int64(expires_at);
  }
  if (refresh_expires_at > 0) {
    w.Key("refresh_expires_at");
    w.Int64(refresh_expires_at);
  }
  if (std::string scope = StringMember(doc, "scope"); !scope.empty()) {
    w.Key("scope");
    WriteString(w, scope);
  }
  w.EndObject();
  std::string secret(buffer.GetString(), buffer.GetSize());
  return Audited(
      c, id, "accounts.credential.import", StringMember(doc, "reason"), [&]() -> Result<HttpReply> {
        Status s = c.actions.ImportCredential(id, secret, expires_at, refresh_expires_at);
        if (!s.ok()) return s;
        Result<CredentialView> view = c.actions.AccountCredential(id);
        if (!view.ok()) return view.status();
        return CredentialReply(200, id, *view);
      });
}

HttpReply DeleteCredential(AdminContext& c, int64_t id) {
  ChangeBody body = ParseChangeBody(c);
  if (body.invalid) return *body.invalid;
  return Audited(c, id, "accounts.credential.delete", body.reason, [&]() -> Result<HttpReply> {
    if (Status s = c.actions.EraseCredential(id); !s.ok()) return s;
    return CredentialReply(200, id, CredentialView{});
  });
}

HttpReply CreateConnectLink(AdminContext& c, int64_t id, GrantFlow& grants,
                            const std::string& public_url) {
  ChangeBody body = ParseChangeBody(c);
  if (body.invalid) return *body.invalid;
  return Audited(c, id, "accounts.connect_link", body.reason, [&]() -> Result<HttpReply> {
    // Refuse a link that could never work: the plugin must have a grant flow and an app.
    GrantFlow::Pending probe_state = grants.Begin(id, NowS());
    GrantStep probe;
    probe.redirect_uri = RedirectUri(public_url);
    probe.state = probe_state.state;
    probe.code_challenge = probe_state.code_challenge;
    probe.code_verifier = probe_state.code_verifier;
    Result<std::string> url = c.actions.AuthorizeUrl(id, probe);
    (void)grants.Take(probe_state.state, NowS());
    if (!url.ok()) return url.status();
    GrantFlow::Link link = grants.CreateLink(id, NowS());
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("account_id");
    w.Int64(id);
    w.Key("url");
    WriteString(w, public_url + "/connect/" + link.token);
    w.Key("expires_at");
    w.Int64(link.expires_at);
    w.Key("redirect_uri");
    WriteString(w, RedirectUri(public_url));
    w.EndObject();
    return JsonReply(201, std::string(buffer.GetString(), buffer.GetSize()) + "\n");
  });
}

HttpReply ConnectPage(AdminActions& actions, GrantFlow& grants, const std::string& token,
                      const std::string& public_url) {
  std::optional<int64_t> account = grants.LinkAccount(token, NowS());
  if (!account) {
    return Page(410, "This link has expired",
                "Ask the administrator who sent it for a new connect link.");
  }
  GrantFlow::Pending pending = grants.Begin(*account, NowS());
  GrantStep step;
  step.redirect_uri = RedirectUri(public_url);
  step.state = pending.state;
  step.code_challenge = pending.code_challenge;
  step.code_verifier = pending.code_verifier;
  Result<std::string> url = actions.AuthorizeUrl(*account, step);
  if (!url.ok()) {
    Log(LogLevel::kWarning, "admin",
        "connect link of account " + std::to_string(*account) + ": " + url.status().ToString());
    return Page(503, "Connecting is not possible right now",
                "The service cannot start the authorisation: " + url.status().message());
  }
  HttpReply reply = Page(302, "Redirecting", "Continue to the platform to grant access.");
  reply.headers.emplace_back("Location", *url);
  return reply;
}

HttpReply OAuthCallbackPage(AdminActions& actions, GrantFlow& grants, const HttpRequest& request,
                            const std::string& public_url) {
  auto query = [&request](const char* key) {
    auto it = request.query.find(key);
    return it == request.query.end() ? std::string() : it->second;
  };
  std::optional<GrantFlow::Pending> pending = grants.Take(query("state"), NowS());
  if (!pending) {
    return Page(400, "This authorisation has expired",
                "It was already used, or it took too long. Open your connect link again.");
  }
  if (std::string error = query("error"); !error.empty()) {
    std::string description = query("error_description");
    Log(LogLevel::kInfo, "admin",
        "account " + std::to_string(pending->account_id) + ": the owner's grant ended with " +
            error);
    return Page(400, "Access was not granted",
                "The platform answered: " + error +
                    (description.empty() ? "" : " (" + description + ")") +
                    ". Open your connect link again to retry.");
  }
  GrantStep step;
  step.redirect_uri = RedirectUri(public_url);
  step.state = pending->state;
  step.code_challenge = pending->code_challenge;
  step.code_verifier = pending->code_verifier;
  step.code = query("code");
  if (step.code.empty()) return Page(400, "Access was not granted", "The platform sent no code.");
  Status s = actions.CompleteGrant(pending->account_id, step);
  if (!s.ok()) {
    Log(LogLevel::kWarning, "admin",
        "account " + std::to_string(pending->account_id) + ": grant failed: " + s.ToString());
    return Page(502, "Access could not be completed",
                s.message() + ". Open your connect link again to retry.");
  }
  grants.EndLinks(pending->account_id);
  Log(LogLevel::kInfo, "admin",
      "account " + std::to_string(pending->account_id) + ": the owner granted access");
  return Page(200, "Connected", "Thank you. The account is connected; you can close this page.");
}

}  // namespace postwatch
