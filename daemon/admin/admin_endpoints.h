// Internal to the admin API: the endpoint handlers AdminApi routes to. Each answers one
// authenticated request; see admin_api.h for the routes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "admin/admin_actions.h"
#include "admin/grant_flow.h"
#include "http/http_server.h"
#include "store/store.h"

namespace postwatch {

class StewardshipMetrics;

// What every handler gets: the daemon's parts and who is asking.
struct AdminContext {
  Store& store;
  AdminActions& actions;
  StewardshipMetrics* metrics;  // may be null
  const HttpRequest& request;
  std::string actor;  // for the audit log: token fingerprint and peer
};

// account_endpoints.cpp
HttpReply ListAccounts(AdminContext& c);
HttpReply AddAccount(AdminContext& c);
HttpReply GetAccount(AdminContext& c, int64_t id);
HttpReply SetAccountPaused(AdminContext& c, int64_t id, bool paused);
HttpReply RemoveAccount(AdminContext& c, int64_t id);
HttpReply ExportAccount(AdminContext& c, int64_t id);

// account_import.cpp
HttpReply ImportAccounts(AdminContext& c);

// system_endpoints.cpp
HttpReply GetStatus(AdminContext& c);
HttpReply ListPlugins(AdminContext& c);
HttpReply SetPluginEnabled(AdminContext& c, const std::string& name, bool enabled);
HttpReply ListLists(AdminContext& c);
HttpReply ReloadLists(AdminContext& c);
HttpReply ListAudit(AdminContext& c);

// credential_endpoints.cpp: owner-granted credentials and the grant's pages.
HttpReply GetCredential(AdminContext& c, int64_t id);
HttpReply PutCredential(AdminContext& c, int64_t id);
HttpReply DeleteCredential(AdminContext& c, int64_t id);
HttpReply CreateConnectLink(AdminContext& c, int64_t id, GrantFlow& grants,
                            const std::string& public_url);
// The public pages; `public_url` builds the redirect URI.
HttpReply ConnectPage(AdminActions& actions, GrantFlow& grants, const std::string& token,
                      const std::string& public_url);
HttpReply OAuthCallbackPage(AdminActions& actions, GrantFlow& grants, const HttpRequest& request,
                            const std::string& public_url);

// Shared replies.
// 500 for an audit record that could not be written: nothing was changed.
HttpReply AuditUnavailableReply(const Status& status);
// 500 for an outcome that could not be recorded after the change was made.
HttpReply AuditIncompleteReply(const Status& status);
// The 409 reply while a registry file owns the accounts; nullopt when the API may change
// them.
std::optional<HttpReply> RegistryFileConflict(AdminContext& c);

// An optional admin_change.schema.json body: its reason, or the 400 reply when invalid.
struct ChangeBody {
  std::string reason;
  std::optional<HttpReply> invalid;
};
ChangeBody ParseChangeBody(AdminContext& c);

}  // namespace postwatch
