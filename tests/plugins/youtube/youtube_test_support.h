// Loads the youtube plugin through the daemon's plugin host (the same copy-out path
// postwatchd uses) and reads fixtures, for the youtube test files.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "plugin_host/plugin.h"
#include "youtube/youtube_plugin.h"

namespace postwatch::youtube::testing {

// The plugin from its compiled-in table, initialised with `config`; fails the test on error.
inline std::unique_ptr<Plugin> LoadYoutube(std::string_view config = "{}") {
  auto plugin = Plugin::FromTable(YoutubePlugin(), "youtube (compiled in)");
  EXPECT_TRUE(plugin.ok()) << plugin.status().message();
  if (!plugin.ok()) return nullptr;
  Status init = (*plugin)->Init(config);
  EXPECT_TRUE(init.ok()) << init.message();
  return std::move(plugin).value();
}

inline std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(PW_YOUTUBE_FIXTURES_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read fixture " << name;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

inline Account AccountFor(std::string registered, std::string canonical_id = "",
                          std::string cursor = "", std::string ref_json = "{}") {
  Account account;
  account.spec.platform = "youtube";
  account.spec.registered = std::move(registered);
  account.spec.ref_json = std::move(ref_json);
  account.canonical_id = std::move(canonical_id);
  account.cursor = std::move(cursor);
  return account;
}

inline PluginResponse ResponseOf(int status, std::string body, std::string tag,
                                 std::string url = "https://www.youtube.com/") {
  PluginResponse response;
  response.status = status;
  response.body = std::move(body);
  response.tag = std::move(tag);
  response.url = std::move(url);
  return response;
}

}  // namespace postwatch::youtube::testing
