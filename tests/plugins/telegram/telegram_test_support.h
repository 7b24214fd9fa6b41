// Loads the telegram plugin through the daemon's plugin host (the same copy-out path
// postwatchd uses) and reads fixtures, for the telegram test files.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "plugin_host/plugin.h"
#include "telegram/telegram_plugin.h"

namespace postwatch::telegram::testing {

// The plugin from its compiled-in table, initialised with `config`; fails the test on error.
inline std::unique_ptr<Plugin> LoadTelegram(std::string_view config = "{}") {
  auto plugin = Plugin::FromTable(TelegramPlugin(), "telegram (compiled in)");
  EXPECT_TRUE(plugin.ok()) << plugin.status().message();
  if (!plugin.ok()) return nullptr;
  Status init = (*plugin)->Init(config);
  EXPECT_TRUE(init.ok()) << init.message();
  return std::move(plugin).value();
}

inline std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(PW_TELEGRAM_FIXTURES_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read fixture " << name;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

inline Account AccountFor(std::string registered, std::string cursor = "") {
  Account account;
  account.spec.platform = "telegram";
  account.spec.registered = std::move(registered);
  account.cursor = std::move(cursor);
  return account;
}

inline PluginResponse PageOf(int status, std::string body, std::string tag = "page:1",
                             std::string url = "https://t.me/s/ward7news") {
  PluginResponse response;
  response.status = status;
  response.body = std::move(body);
  response.tag = std::move(tag);
  response.url = std::move(url);
  return response;
}

}  // namespace postwatch::telegram::testing
