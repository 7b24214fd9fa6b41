#include "admin/plugin_overrides.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "store_test_util.h"

namespace postwatch {
namespace {

TEST(PluginOverridesTest, SavedOverridesReadBackAndTheFileIsPrivate) {
  TempDir dir;
  std::string path = dir.File(kPluginOverridesFile);
  ASSERT_TRUE(SavePluginOverrides(path, {{"web", false}, {"youtube", true}}).ok());
  Result<std::map<std::string, bool>> read = LoadPluginOverrides(path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, (std::map<std::string, bool>{{"web", false}, {"youtube", true}}));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(PluginOverridesTest, AMissingFileMeansNoOverrides) {
  TempDir dir;
  Result<std::map<std::string, bool>> read = LoadPluginOverrides(dir.File("absent.json"));
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->empty());
}

TEST(PluginOverridesTest, AMalformedFileIsReportedNotGuessed) {
  TempDir dir;
  for (const char* text : {"[]", "{\"web\": true}", "{\"web\": {\"enabled\": \"no\"}}", "{"}) {
    std::string path = dir.File("bad.json");
    std::ofstream(path) << text;
    Result<std::map<std::string, bool>> read = LoadPluginOverrides(path);
    EXPECT_EQ(read.status().code(), Status::Code::kInvalidArgument) << text;
  }
}

}  // namespace
}  // namespace postwatch
