// The in-process watchdog: a plugin whose call runs past its deadline is quarantined, so no
// further calls reach it, even though the stuck call itself cannot be stopped.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "plugin_host/in_process_plugin.h"

namespace postwatch {
namespace {

const char* const kEgress[] = {"*"};

// The fake plugin's parse() blocks until the test releases it.
std::atomic<int> parse_calls{0};
std::promise<void>* entered = nullptr;
std::shared_future<void>* release = nullptr;

pw_status Init(const pw_host*, pw_str, void** state) {
  *state = nullptr;
  return PW_OK;
}
void Destroy(void*) {}
pw_status Plan(void*, const pw_host*, const pw_account*, pw_str) { return PW_OK; }
pw_status Parse(void*, const pw_host*, const pw_account*, pw_str, const pw_response*) {
  if (parse_calls.fetch_add(1) == 0 && release != nullptr) {
    entered->set_value();
    release->wait();
  }
  return PW_DONE;
}

pw_plugin Table() {
  pw_plugin t{};
  t.struct_size = sizeof t;
  t.abi_major = PW_ABI_MAJOR;
  t.abi_minor = PW_ABI_MINOR;
  t.name = "stuck";
  t.version = "1";
  t.platform = "test";
  t.description = "blocks in parse";
  t.config_schema = "{}";
  t.account_schema = "{}";
  t.egress_hosts = kEgress;
  t.egress_host_count = 1;
  t.init = &Init;
  t.destroy = &Destroy;
  t.plan = &Plan;
  t.parse = &Parse;
  return t;
}

TEST(InProcessWatchdogTest, ACallPastItsDeadlineQuarantinesThePlugin) {
  pw_plugin table = Table();
  auto loaded = InProcessPlugin::FromTable(&table, "test");
  ASSERT_TRUE(loaded.ok());
  std::unique_ptr<InProcessPlugin> plugin = std::move(*loaded);
  ASSERT_TRUE(plugin->Init("{}").ok());
  plugin->SetCallDeadline(std::chrono::milliseconds(1), std::chrono::hours(1));

  std::promise<void> entered_promise;
  std::promise<void> release_promise;
  std::shared_future<void> release_future = release_promise.get_future().share();
  parse_calls = 0;
  entered = &entered_promise;
  release = &release_future;
  Account account;
  PluginResponse response;
  std::thread stuck([&] { (void)plugin->Parse(account, response); });
  entered_promise.get_future().wait();

  // The deadline passes while parse() is stuck; the watchdog notices.
  ASSERT_TRUE([&] {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      if (plugin->IsQuarantined()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
  }());
  PluginCallResult refused = plugin->Parse(account, response);
  EXPECT_EQ(refused.code, PW_E_INTERNAL);
  EXPECT_NE(refused.error.find("plugin stuck: quarantined"), std::string::npos) << refused.error;
  EXPECT_EQ(parse_calls.load(), 1) << "the quarantined plugin was called again";

  release_promise.set_value();
  stuck.join();
  EXPECT_TRUE(plugin->IsQuarantined()) << "the cool-down follows the late return";
  EXPECT_EQ(plugin->FailureCount(), 1) << "one overrun is one failure";
  entered = nullptr;
  release = nullptr;
}

TEST(InProcessWatchdogTest, WithoutADeadlineNothingIsQuarantined) {
  pw_plugin table = Table();
  auto loaded = InProcessPlugin::FromTable(&table, "test");
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE((*loaded)->Init("{}").ok());
  parse_calls = 0;
  PluginCallResult r = (*loaded)->Parse(Account{}, PluginResponse{});
  EXPECT_EQ(r.code, PW_DONE);
  EXPECT_FALSE((*loaded)->IsQuarantined());
  EXPECT_EQ((*loaded)->FailureCount(), 0);
  EXPECT_EQ((*loaded)->isolation(), "inprocess");
}

}  // namespace
}  // namespace postwatch
