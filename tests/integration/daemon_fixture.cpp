#include "daemon_fixture.h"

#include <rapidjson/document.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cctype>
#include <filesystem>

namespace postwatch::testing {

const char* const kFlagDomains[] = {"flagged-one.example", "flagged-two.example",
                                    "flagged-three.example"};

EndToEnd::EndToEnd(SimOptions sim) : sim_(sim) {}

EndToEnd::~EndToEnd() {
  if (daemon_) daemon_->Signal(SIGKILL, std::chrono::seconds(5));
  if (sim_process_) sim_process_->Signal(SIGTERM, std::chrono::seconds(5));
}

bool EndToEnd::StartSim() {
  std::string port_file = tmp_.File("sim.port");
  std::string domains =
      std::string(kFlagDomains[0]) + "," + kFlagDomains[1] + "," + kFlagDomains[2];
  auto common = [&]() {
    return std::vector<std::string>{SimPath(),
                                    "--accounts",
                                    std::to_string(sim_.accounts),
                                    "--seed",
                                    std::to_string(sim_.seed),
                                    "--post-interval-s",
                                    std::to_string(sim_.post_interval_s),
                                    "--initial-posts",
                                    std::to_string(sim_.initial_posts),
                                    "--flag-domains",
                                    domains,
                                    "--platforms",
                                    sim_.platforms,
                                    "--feed-items",
                                    std::to_string(sim_.feed_items)};
  };
  std::vector<std::string> argv = common();
  argv.insert(argv.end(), {"--port", "0", "--port-file", port_file});
  sim_process_ = std::make_unique<Process>(argv, tmp_.File("sim.log"));
  if (!WaitFor([&] { return !ReadFile(port_file).empty(); }, std::chrono::seconds(20)))
    return false;
  sim_port_ = std::stoi(ReadFile(port_file));

  std::vector<std::string> reg = common();
  reg.insert(reg.end(), {"--base-url", "http://127.0.0.1:" + std::to_string(sim_port_),
                         "--registry-out", tmp_.File("accounts.json")});
  if (RunCommand(reg).exit_code != 0) return false;

  std::filesystem::create_directories(tmp_.File("lists"));
  std::string list = "# flagged domains served by postwatch-sim\n";
  for (const char* d : kFlagDomains) list += std::string(d) + "\n";
  WriteFile(tmp_.File("lists/sim-flagged.txt"), list);
  return true;
}

bool EndToEnd::StartDaemon(const std::string& extra_config) {
  std::string extra_allow;
  for (const std::string& host : extra_allow_) extra_allow += ", \"" + host + "\"";
  std::string config = R"({
  // Written by the end-to-end test.
  "state_dir": ")" + tmp_.File("state") +
                       R"(",
  "registry": ")" + tmp_.File("accounts.json") +
                       R"(",
  "plugin_dir": ")" + plugin_dir_ +
                       R"(",
  "flag_lists_dir": ")" +
                       tmp_.File("lists") + R"(",
  "log_level": "info",
  "listen": { "metrics": "127.0.0.1:0", "admin": ")" +
                       std::string(admin_ ? "127.0.0.1:0" : "") + R"(" },
  "admin": { "token_file": ")" +
                       tmp_.File("admin-token") + R"(" },
  "fetch": { "allow": ["127.0.0.1:)" +
                       std::to_string(sim_port_) + "\"" + extra_allow + R"(], "timeout_ms": 10000,
             "per_host_requests_per_second": 0 },
  "scheduler": { "default_interval_s": 1, "jitter_ratio": 0.1, "backoff_base_s": 1, "backoff_max_s": 5)" +
                       scheduler_extra_ + R"( },
  "store": { "batch_max_delay_ms": 20 })" +
                       extra_config + R"(
})";
  WriteFile(ConfigPath(), config);
  if (admin_) {
    WriteFile(tmp_.File("admin-token"), AdminToken() + "\n");
    ::chmod(tmp_.File("admin-token").c_str(), 0600);
  }
  std::string listen_file = tmp_.File("listen.json");
  std::filesystem::remove(listen_file);
  ++daemon_starts_;
  daemon_ =
      std::make_unique<Process>(std::vector<std::string>{PostwatchdPath(), "--config", ConfigPath(),
                                                         "--listen-file", listen_file},
                                tmp_.File("postwatchd.log"));
  if (!WaitFor([&] { return !ReadFile(listen_file).empty() || !daemon_->running(); },
               std::chrono::seconds(30))) {
    return false;
  }
  std::string text = ReadFile(listen_file);
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  if (admin_) {
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    auto port_of = [&doc](const char* key) {
      if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember(key)) return 0;
      std::string hp = doc[key].GetString();
      return std::stoi(hp.substr(hp.rfind(':') + 1));
    };
    metrics_port_ = port_of("metrics");
    admin_port_ = port_of("admin");
    return daemon_->running() && admin_port_ != 0;
  }
  metrics_port_ = std::stoi(text.substr(colon + 1));
  return daemon_->running();
}

int EndToEnd::StopDaemon(int sig) {
  if (!daemon_) return -1;
  auto status = daemon_->Signal(sig, std::chrono::seconds(30));
  daemon_.reset();
  return status ? *status : -1;
}

void EndToEnd::SignalDaemon(int sig) {
  if (daemon_ && daemon_->running()) ::kill(daemon_->pid(), sig);
}

std::string EndToEnd::SimUrl(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(sim_port_) + path;
}

std::string EndToEnd::MetricsText() {
  return HttpGet("http://127.0.0.1:" + std::to_string(metrics_port_) + "/metrics").body;
}

HttpExchange EndToEnd::Admin(const std::string& method, const std::string& path,
                             const std::string& body) const {
  return HttpSend(method, AdminUrl() + path, body,
                  {"Authorization: Bearer " + AdminToken(), "Content-Type: application/json"});
}

std::string EndToEnd::DaemonLog() const { return ReadFile(tmp_.File("postwatchd.log")); }

bool EndToEnd::FreezeSim() { return HttpPost(SimUrl("/_sim/freeze")).status == 200; }

std::map<std::string, int64_t> EndToEnd::SimRequestsPerAccount() {
  std::map<std::string, int64_t> out;
  rapidjson::Document doc;
  doc.Parse(HttpGet(SimUrl("/_sim/stats")).body.c_str());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("account_requests")) return out;
  for (const auto& m : doc["account_requests"].GetObject()) {
    out[m.name.GetString()] = m.value.GetInt64();
  }
  return out;
}

std::map<std::string, std::map<std::string, int>> EndToEnd::SimServed() {
  std::map<std::string, std::map<std::string, int>> out;
  rapidjson::Document doc;
  doc.Parse(HttpGet(SimUrl("/_sim/served")).body.c_str());
  if (doc.HasParseError() || !doc.IsObject()) return out;
  for (const auto& acct : doc["accounts"].GetObject()) {
    auto& posts = out[acct.name.GetString()];
    for (const auto& p : acct.value["posts"].GetObject()) {
      posts[p.name.GetString()] = static_cast<int>(p.value["flagged"].Size());
    }
  }
  return out;
}

std::map<std::string, std::vector<std::string>> EndToEnd::StoredPosts() {
  std::map<std::string, std::vector<std::string>> out;
  // The simulator's registry names account i's member "m<i>" on every platform.
  for (const auto& row : Query(DbPath(),
                               "SELECT a.member_ref, p.post_id FROM posts p JOIN accounts a "
                               "ON a.id = p.account_id ORDER BY a.id, p.post_id")) {
    const std::string& member = row[0];
    if (member.size() < 2 || member[0] != 'm') continue;
    out["acct-" + member.substr(1)].push_back(row[1]);
  }
  return out;
}

int64_t EndToEnd::AccountId(int sim_account) {
  auto rows = Query(DbPath(), "SELECT id FROM accounts WHERE member_ref = 'm" +
                                  std::to_string(sim_account) + "'");
  return rows.empty() ? -1 : std::stoll(rows[0][0]);
}

}  // namespace postwatch::testing
