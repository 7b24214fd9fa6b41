// Every plugin built loads under MemoryDenyWriteExecute=yes: no executable stack, no text
// relocations (either would need writable and executable memory).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "harness.h"

namespace postwatch::testing {
namespace {

std::vector<std::string> PluginFiles() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(PluginDir(), ec)) {
    if (entry.path().extension() == ".so") files.push_back(entry.path().string());
  }
  return files;
}

TEST(PluginBinaryTest, PluginsHaveNoExecutableStackAndNoTextRelocations) {
  std::vector<std::string> files = PluginFiles();
  if (files.empty()) GTEST_SKIP() << "no plugins built in " << PluginDir();
  for (const std::string& file : files) {
    CommandResult segments = RunCommand({"/usr/bin/readelf", "-W", "--program-headers", file});
    ASSERT_EQ(segments.exit_code, 0) << segments.output;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(segments.output, m,
                                  std::regex("GNU_STACK(\\s+0x[0-9a-f]+){5}\\s+(\\S+)\\s+0x")))
        << file << " has no GNU_STACK header, so the loader assumes an executable stack";
    EXPECT_EQ(m[2].str(), "RW") << file << " asks for an executable stack";

    CommandResult dynamic = RunCommand({"/usr/bin/readelf", "-W", "--dynamic", file});
    ASSERT_EQ(dynamic.exit_code, 0) << dynamic.output;
    EXPECT_EQ(dynamic.output.find("TEXTREL"), std::string::npos) << file << " has text relocations";
  }
}

}  // namespace
}  // namespace postwatch::testing
