// AdminApi: the admin HTTP API of postwatchd, as a request handler for HttpServer.
//
// Every request needs "Authorization: Bearer <token>"; a missing or wrong token gets 401
// with "WWW-Authenticate: Bearer". Bodies are JSON checked against schemas/admin_*.json
// (an import also takes CSV). Every change writes an audit record before it is made; when
// that write fails, the request fails with 500 and nothing changes. Replies are JSON.
//
//   GET    /v1/status
//   GET    /v1/accounts?platform=&group=&status=&offset=&limit=
//   POST   /v1/accounts                   register one account (admin_account.schema.json)
//   POST   /v1/accounts/import            accounts.schema.json JSON, or CSV (text/csv)
//   GET    /v1/accounts/ID
//   POST   /v1/accounts/ID/pause | resume
//   DELETE /v1/accounts/ID                unregister and erase its posts, links, hits
//   GET    /v1/accounts/ID/export         everything stored about the account
//   GET    /v1/plugins
//   POST   /v1/plugins/NAME/enable | disable   (persisted in the state directory)
//   GET    /v1/lists
//   POST   /v1/lists/reload
//   GET    /v1/audit?after=&limit=
//   GET    /v1/accounts/ID/credential      what is known of its owner-granted credential
//   PUT    /v1/accounts/ID/credential      import tokens a member handed over
//   DELETE /v1/accounts/ID/credential
//   POST   /v1/accounts/ID/connect-link    a link for the account's owner to grant access
//
// Two pages need no bearer token; they are what a member's browser opens, and each is
// guarded by an unguessable, expiring value (see GrantFlow):
//   GET    /connect/TOKEN                   302 to the platform's authorisation page
//   GET    /oauth/callback?code=&state=     exchanges the code; an HTML page says how it went
//
// While the config names a registry file, that file owns the accounts: add, import and
// remove answer 409 (pause and resume still work).
#pragma once

#include <mutex>
#include <string>

#include "admin/admin_actions.h"
#include "admin/grant_flow.h"
#include "http/http_server.h"
#include "store/store.h"

namespace postwatch {

class StewardshipMetrics;

class AdminApi {
 public:
  // `store` and `actions` must outlive the AdminApi; `metrics` may be null.
  AdminApi(std::string token, Store& store, AdminActions& actions, StewardshipMetrics* metrics);
  AdminApi(const AdminApi&) = delete;
  AdminApi& operator=(const AdminApi&) = delete;

  // Answers one request. Thread-safe, but requests are meant to come from one listener
  // thread: changes are not serialised against each other beyond what the store does.
  HttpReply Handle(const HttpRequest& request);

  // Replaces the token (after a reload re-read it). Thread-safe.
  void SetToken(std::string token);
  // The base URL of the public pages, without a trailing slash. Thread-safe.
  void SetPublicUrl(std::string url);

 private:
  HttpReply Route(const HttpRequest& request, const std::string& actor);

  Store& store_;
  AdminActions& actions_;
  StewardshipMetrics* metrics_;
  std::mutex token_mu_;
  std::string token_;       // guarded by token_mu_
  std::string public_url_;  // guarded by token_mu_
  GrantFlow grants_;
};

}  // namespace postwatch
