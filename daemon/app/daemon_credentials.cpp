// The Daemon's side of owner-granted credentials: the credential store, the operators' app
// credentials per plugin, and the grant steps the admin API's pages drive.
#include <chrono>
#include <filesystem>
#include <future>

#include "app/daemon.h"
#include "base/log.h"
#include "base/time_format.h"
#include "credentials/credential_store.h"
#include "credentials/secret_file.h"
#include "fetch/fetch_engine.h"
#include "plugin_host/plugin_set.h"
#include "poller/poller.h"
#include "store/store.h"

namespace postwatch {
namespace {

constexpr char kLog[] = "credentials";
constexpr int kMaxGrantRequests = 8;

// The host of an http(s) URL, lowercased; "" when there is none.
std::string HostOf(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return {};
  size_t begin = scheme + 3;
  size_t end = url.find_first_of("/?#", begin);
  std::string authority = url.substr(begin, end == std::string::npos ? end : end - begin);
  if (size_t at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  if (!authority.empty() && authority.front() == '[') {
    authority = authority.substr(1, authority.find(']') - 1);
  } else if (size_t colon = authority.find(':'); colon != std::string::npos) {
    authority.erase(colon);
  }
  for (char& c : authority) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return authority;
}

}  // namespace

Status Daemon::OpenCredentials() {
  const std::string dir = (std::filesystem::path(config_.state_dir) / "credentials").string();
  Result<std::unique_ptr<CredentialStore>> store = CredentialStore::Open(dir);
  if (!store.ok()) return store.status();
  credentials_ = std::move(*store);
  Log(LogLevel::kInfo, kLog,
      std::to_string(credentials_->Accounts().size()) + " owner-granted credential(s) in " + dir);
  return Status::Ok();
}

void Daemon::LoadAppCredentials() {
  std::map<std::string, std::string> loaded;
  if (plugins_) {
    for (const auto& entry : plugins_->entries()) {
      auto settings = config_.plugins.find(entry.name);
      std::string file =
          settings != config_.plugins.end() ? settings->second.credential_file : std::string();
      const bool configured = !file.empty();
      if (!configured) {
        std::optional<std::string> systemd = SystemdCredentialPath("plugin-" + entry.name);
        if (!systemd || !std::filesystem::exists(*systemd)) continue;
        file = *systemd;
      }
      Result<std::string> secret =
          ReadSecretFile(file, "plugin " + entry.name + "'s app credential", configured);
      if (!secret.ok()) {
        Log(LogLevel::kError, kLog,
            secret.status().message() + "; its accounts that need it will fail with reason auth");
        continue;
      }
      loaded[entry.name] = std::move(*secret);
    }
  }
  app_credentials_ = loaded;
  if (poller_) poller_->SetAppCredentials(std::move(loaded));
}

Result<CredentialView> Daemon::AccountCredential(int64_t account_id) {
  if (!credentials_) return Status::Unavailable("the credential store is not open");
  Result<Account> account = store_->GetAccount(account_id);
  if (!account.ok()) return account.status();
  CredentialView view;
  if (std::optional<StoredCredential> c = credentials_->Get(account_id)) {
    view.present = true;
    view.expires_at = c->expires_at;
    view.refresh_expires_at = c->refresh_expires_at;
    view.updated_at = c->updated_at;
    view.source = c->source;
  }
  return view;
}

Status Daemon::ImportCredential(int64_t account_id, const std::string& secret, int64_t expires_at,
                                int64_t refresh_expires_at) {
  if (!credentials_) return Status::Unavailable("the credential store is not open");
  Result<Account> account = store_->GetAccount(account_id);
  if (!account.ok()) return account.status();
  StoredCredential c;
  c.secret = secret;
  c.expires_at = expires_at;
  c.refresh_expires_at = refresh_expires_at;
  c.source = "import";
  if (Status s = credentials_->Put(account_id, std::move(c)); !s.ok()) return s;
  Log(LogLevel::kInfo, kLog, "account " + std::to_string(account_id) + ": credential imported");
  if (poller_) poller_->PollSoon(account_id);
  return Status::Ok();
}

Status Daemon::EraseCredential(int64_t account_id) {
  if (!credentials_) return Status::Unavailable("the credential store is not open");
  Result<Account> account = store_->GetAccount(account_id);
  if (!account.ok()) return account.status();
  return credentials_->Erase(account_id);
}

Result<std::pair<Account, std::shared_ptr<const Plugin>>> Daemon::GrantTarget(int64_t account_id) {
  Result<Account> account = store_->GetAccount(account_id);
  if (!account.ok()) return account.status();
  std::shared_ptr<const Plugin> plugin =
      plugins_ ? plugins_->Find(account->spec.platform) : nullptr;
  if (!plugin) {
    return Status::InvalidArgument("plugin " + account->spec.platform + " is not loaded");
  }
  if (!plugin->manifest().has_authorize) {
    return Status::InvalidArgument("plugin " + account->spec.platform +
                                   " has no owner's grant flow; its accounts need no grant");
  }
  return std::make_pair(std::move(*account), std::move(plugin));
}

Result<std::string> Daemon::AuthorizeUrl(int64_t account_id, const GrantStep& step) {
  std::lock_guard lock(admin_mu_);
  auto target = GrantTarget(account_id);
  if (!target.ok()) return target.status();
  const auto& [account, plugin] = *target;
  auto app = app_credentials_.find(account.spec.platform);
  if (app == app_credentials_.end()) {
    return Status::InvalidArgument("no app credential for plugin " + account.spec.platform +
                                   ": set plugins." + account.spec.platform +
                                   ".credential_file or LoadCredential=plugin-" +
                                   account.spec.platform);
  }
  PluginGrant grant{step.redirect_uri, step.state, step.code_challenge, step.code_verifier, ""};
  PluginCallResult r = plugin->Authorize(account, grant, app->second);
  if (r.code < 0) return Status::InvalidArgument(account.spec.platform + ": " + r.error);
  if (!r.authorize_url || r.authorize_url->empty()) {
    return Status::Internal("plugin " + account.spec.platform + " built no authorisation URL");
  }
  return *r.authorize_url;
}

Status Daemon::CompleteGrant(int64_t account_id, const GrantStep& step) {
  Account account;
  std::shared_ptr<const Plugin> plugin;
  std::string app_credential;
  {
    std::lock_guard lock(admin_mu_);
    auto target = GrantTarget(account_id);
    if (!target.ok()) return target.status();
    account = target->first;
    plugin = target->second;
    auto app = app_credentials_.find(account.spec.platform);
    if (app != app_credentials_.end()) app_credential = app->second;
  }
  PluginGrant grant{step.redirect_uri, step.state, step.code_challenge, step.code_verifier,
                    step.code};
  PluginCallResult r = plugin->Authorize(account, grant, app_credential);
  if (r.code < 0) return Status::PermissionDenied(r.error);
  std::vector<PluginRequest> pending = std::move(r.requests);
  std::optional<CredentialUpdate> credential = std::move(r.credential);
  int made = 0;
  // The token requests run here, on the admin listener's thread, through the daemon's own
  // fetch engine (SSRF guard, egress hosts, caps); the member's browser waits for them.
  while (!pending.empty() && made < kMaxGrantRequests) {
    PluginRequest request = std::move(pending.front());
    pending.erase(pending.begin());
    const std::string host = HostOf(request.url);
    if (host.empty() || !plugin->EgressAllowed(host)) {
      return Status::PermissionDenied("plugin asked for " + host + ", outside its egress hosts");
    }
    FetchRequest fetch;
    fetch.method = request.method;
    fetch.url = request.url;
    fetch.headers = std::move(request.headers);
    fetch.body = std::move(request.body);
    auto promise = std::make_shared<std::promise<FetchResponse>>();
    std::future<FetchResponse> answer = promise->get_future();
    fetch_->Submit(std::move(fetch), [promise](FetchResponse&& response) {
      promise->set_value(std::move(response));
    });
    FetchResponse response = answer.get();
    ++made;
    if (response.error != FetchError::kNone) {
      return Status::Unavailable("the platform could not be reached: " + response.error_message);
    }
    PluginResponse pr;
    pr.status = response.status;
    pr.url = std::move(response.effective_url);
    pr.headers = std::move(response.headers);
    pr.body = std::move(response.body);
    pr.tag = std::move(request.tag);
    PluginCallResult parsed =
        plugin->Parse(account, pr, credential ? credential->secret : std::string(), app_credential);
    if (parsed.credential) credential = std::move(parsed.credential);
    if (parsed.code < 0) {
      return Status::PermissionDenied("the platform refused the grant: " + parsed.error);
    }
    if (parsed.code == PW_DONE) break;
    for (PluginRequest& next : parsed.requests) pending.push_back(std::move(next));
  }
  if (!credential) return Status::PermissionDenied("the platform answered without a token");
  StoredCredential stored;
  stored.secret = std::move(credential->secret);
  stored.expires_at = credential->expires_at;
  stored.refresh_expires_at = credential->refresh_expires_at;
  stored.source = "grant";
  if (Status s = credentials_->Put(account_id, std::move(stored)); !s.ok()) return s;
  if (poller_) poller_->PollSoon(account_id);
  return Status::Ok();
}

}  // namespace postwatch
