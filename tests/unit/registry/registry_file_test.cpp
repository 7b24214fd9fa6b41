#include "registry/registry_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "registry/unsupported_platforms.h"

namespace postwatch {
namespace {

std::vector<std::string> ErrorTexts(const RegistryLoad& load) {
  std::vector<std::string> texts;
  for (const JsonError& error : load.errors) texts.push_back(error.ToString());
  return texts;
}

std::vector<std::string> Registered(const RegistryLoad& load) {
  std::vector<std::string> out;
  for (const AccountSpec& account : load.accounts) out.push_back(account.registered);
  return out;
}

TEST(RegistryFileTest, ExampleJsonLoads) {
  RegistryLoad load = LoadRegistryFile(std::string(PW_SOURCE_DIR) + "/examples/accounts.json");
  EXPECT_TRUE(load.errors.empty()) << FormatJsonErrors(load.errors);
  ASSERT_EQ(load.accounts.size(), 3u);
  const AccountSpec& second = load.accounts[1];
  EXPECT_EQ(second.member_ref, "m-0002");
  EXPECT_EQ(second.display_name, "Riverside community feed");
  EXPECT_EQ(second.group, "city/district-1/ward-3");
  EXPECT_EQ(second.platform, "web");
  EXPECT_EQ(second.registered, "https://riverside.example.net/feed.xml");
  EXPECT_EQ(second.interval_s, 3600);
  EXPECT_EQ(load.accounts[0].interval_s, 0);
  EXPECT_EQ(load.accounts[0].ref_json, "{}");
}

TEST(RegistryFileTest, ExampleCsvLoadsWithQuotedFields) {
  RegistryLoad load = LoadRegistryFile(std::string(PW_SOURCE_DIR) + "/examples/accounts.csv");
  EXPECT_TRUE(load.errors.empty()) << FormatJsonErrors(load.errors);
  ASSERT_EQ(load.accounts.size(), 3u);
  EXPECT_EQ(load.accounts[1].display_name, "Riverside community feed, weekly");
  EXPECT_EQ(load.accounts[1].interval_s, 3600);
  EXPECT_EQ(load.accounts[2].display_name, "The \"District 2\" site");
  EXPECT_EQ(load.accounts[0].interval_s, 0);
}

TEST(RegistryFileTest, JsonRefIsKeptAsCompactJson) {
  RegistryLoad load = LoadRegistryJson(R"({"accounts": [
    {"member_ref": "m1", "display_name": "A", "group": "g", "platform": "youtube",
     "registered": "@a", "ref": {"channel_id": "UC123", "n": [1, 2]}}]})",
                                       "a.json");
  ASSERT_TRUE(load.errors.empty()) << FormatJsonErrors(load.errors);
  ASSERT_EQ(load.accounts.size(), 1u);
  EXPECT_EQ(load.accounts[0].ref_json, R"({"channel_id":"UC123","n":[1,2]})");
}

TEST(RegistryFileTest, CsvColumnsInAnyOrderWithRefAndNewlineInAField) {
  RegistryLoad load = LoadRegistryCsv(
      "platform,registered,member_ref,group,display_name,ref\n"
      "web,https://a.example/,m1,g/h,\"Two\nlines\",\"{\"\"wp\"\": true}\"\n"
      "web,https://b.example/,m2,,B,\n",
      "a.csv");
  ASSERT_TRUE(load.errors.empty()) << FormatJsonErrors(load.errors);
  ASSERT_EQ(load.accounts.size(), 2u);
  EXPECT_EQ(load.accounts[0].display_name, "Two\nlines");
  EXPECT_EQ(load.accounts[0].ref_json, R"({"wp":true})");
  EXPECT_EQ(load.accounts[0].group, "g/h");
  EXPECT_EQ(load.accounts[1].group, "");
  EXPECT_EQ(load.accounts[1].ref_json, "{}");
}

struct RegistryCase {
  const char* name;
  bool csv;
  const char* text;
  std::vector<std::string> errors;
  std::vector<std::string> loaded;  // `registered` of the accounts that still load
};

class RegistryErrorTest : public testing::TestWithParam<RegistryCase> {};

TEST_P(RegistryErrorTest, ReportsErrorsAndKeepsTheGoodAccounts) {
  const RegistryCase& c = GetParam();
  RegistryLoad load =
      c.csv ? LoadRegistryCsv(c.text, "accounts.csv") : LoadRegistryJson(c.text, "accounts.json");
  EXPECT_EQ(ErrorTexts(load), c.errors);
  EXPECT_EQ(Registered(load), c.loaded);
}

constexpr char kCsvHeader[] = "member_ref,display_name,group,platform,registered,interval_s\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, RegistryErrorTest,
    testing::Values(
        RegistryCase{"CsvMissingColumn",
                     true,
                     "member_ref,display_name,group,registered\nm1,A,g,https://a/\n",
                     {"accounts.csv:1: missing column 'platform'; the header row must name "
                      "member_ref, display_name, group, platform and registered"},
                     {}},
        RegistryCase{"CsvUnknownColumn",
                     true,
                     "member_ref,display_name,group,platfrom,platform,registered\n",
                     {"accounts.csv:1:31: unknown column 'platfrom'; did you mean 'platform'?"},
                     {}},
        RegistryCase{"CsvWrongFieldCount",
                     true,
                     "member_ref,display_name,group,platform,registered\n"
                     "m1,A,g,web\n"
                     "m2,B,g,web,https://b/\n",
                     {"accounts.csv:2: expected 5 fields as in the header, got 4"},
                     {"https://b/"}},
        RegistryCase{"CsvBadInterval",
                     true,
                     "member_ref,display_name,group,platform,registered,interval_s\n"
                     "m1,A,g,web,https://a/,15m\n",
                     {"accounts.csv:2:23: column 'interval_s': expected integer, got \"15m\""},
                     {}},
        RegistryCase{"CsvSchemaErrorsNameTheColumn",
                     true,
                     "member_ref,display_name,group,platform,registered,interval_s\n"
                     "m1,A,g,,https://a/,\n"
                     "m2,B,g,Web,https://b/,-5\n"
                     "m3,C,/g,web,https://c/,\n"
                     "m4,D,g,web,https://d/,\n",
                     {"accounts.csv:2:8: column 'platform': must not be empty",
                      "accounts.csv:3:8: column 'platform': expected a plugin name such as "
                      "\"web\", got \"Web\"",
                      "accounts.csv:3:23: column 'interval_s': must be >= 0, got -5",
                      "accounts.csv:4:6: column 'group': expected a path such as "
                      "city/district/ward, got \"/g\""},
                     {"https://d/"}},
        RegistryCase{"CsvDuplicateAccount",
                     true,
                     "member_ref,display_name,group,platform,registered\n"
                     "m1,A,g,web,https://a/\n"
                     "# a comment line between\n"
                     "m2,B,g,web,https://a/\n",
                     {"accounts.csv:4: duplicate account: platform 'web', registered "
                      "'https://a/' is already listed at line 2"},
                     {"https://a/"}},
        RegistryCase{"CsvUnsupportedPlatforms",
                     true,
                     "member_ref,display_name,group,platform,registered\n"
                     "m1,A,g,viber,https://invite.viber.com/?g=x\n"
                     "m2,B,g,web,https://b/\n"
                     "m3,C,g,facebook_profile,https://facebook.com/someone\n"
                     "m4,D,g,zalo_personal,0900000000\n",
                     {"accounts.csv:2:8: platform 'viber' cannot be polled: Viber channels have "
                      "no public read interface",
                      "accounts.csv:4:8: platform 'facebook_profile' cannot be polled: personal "
                      "Facebook profiles have no public read interface; register a Facebook Page "
                      "(platform 'facebook') instead",
                      "accounts.csv:5:8: platform 'zalo_personal' cannot be polled: personal "
                      "Zalo timelines have no public read interface; register a Zalo Official "
                      "Account (platform 'zalo') instead"},
                     {"https://b/"}},
        RegistryCase{"CsvEmpty",
                     true,
                     "# nothing\n",
                     {"accounts.csv: no header row; the file is empty"},
                     {}},
        RegistryCase{
            "JsonMissingAndUnknownKeys",
            false,
            "{\"accounts\": [\n"
            "  {\"member_ref\": \"m1\", \"display_name\": \"A\", \"group\": \"g\",\n"
            "   \"registered\": \"https://a/\"},\n"
            "  {\"member_ref\": \"m2\", \"dispaly_name\": \"B\", \"display_name\": \"B\",\n"
            "   \"group\": \"g\", \"platform\": \"web\", \"registered\": \"https://b/\"},\n"
            "  {\"member_ref\": \"m3\", \"display_name\": \"C\", \"group\": \"g\",\n"
            "   \"platform\": \"web\", \"registered\": \"https://c/\", \"interval_s\": 1.5},\n"
            "  {\"member_ref\": \"m4\", \"display_name\": \"D\", \"group\": \"g\",\n"
            "   \"platform\": \"web\", \"registered\": \"https://d/\"},\n"
            "]}",
            {"accounts.json:2:3: /accounts/0: missing required key 'platform'",
             "accounts.json:4:24: /accounts/1/dispaly_name: unknown key 'dispaly_name'; "
             "did you mean 'display_name'?",
             "accounts.json:7:65: /accounts/2/interval_s: expected integer, got number "
             "1.5"},
            {"https://d/"}},
        RegistryCase{"JsonDuplicateAndUnsupported",
                     false,
                     "{\"accounts\": [\n"
                     "  {\"member_ref\": \"m1\", \"display_name\": \"A\", \"group\": \"g\", "
                     "\"platform\": \"web\", \"registered\": \"https://a/\"},\n"
                     "  {\"member_ref\": \"m2\", \"display_name\": \"B\", \"group\": \"g\", "
                     "\"platform\": \"viber\", \"registered\": \"x\"},\n"
                     "  {\"member_ref\": \"m3\", \"display_name\": \"C\", \"group\": \"g\", "
                     "\"platform\": \"web\", \"registered\": \"https://a/\"}\n"
                     "]}",
                     {"accounts.json:3:71: /accounts/1/platform: platform 'viber' cannot be "
                      "polled: Viber channels have no public read interface",
                      "accounts.json:4:3: /accounts/2: duplicate account: platform 'web', "
                      "registered 'https://a/' is already listed at line 2"},
                     {"https://a/"}},
        RegistryCase{"JsonWrongTopLevel",
                     false,
                     "{\"acounts\": []}",
                     {"accounts.json:1:1: missing required key 'accounts'",
                      "accounts.json:1:2: /acounts: unknown key 'acounts'; did you mean "
                      "'accounts'?"},
                     {}},
        RegistryCase{"JsonSyntaxError",
                     false,
                     "{\"accounts\": [\n  {\"member_ref\": \"m1\",,}\n]}",
                     {"accounts.json:2:23: invalid JSON: missing a name for object member"},
                     {}}),
    [](const testing::TestParamInfo<RegistryCase>& param_info) { return param_info.param.name; });

TEST(RegistryFileTest, FileTypeFollowsTheExtension) {
  std::filesystem::path dir = testing::TempDir();
  std::filesystem::path csv = dir / ("pw_registry_" + std::to_string(getpid()) + ".CSV");
  std::ofstream(csv) << kCsvHeader << "m1,A,g,web,https://a/,60\n";
  RegistryLoad load = LoadRegistryFile(csv.string());
  std::filesystem::remove(csv);
  EXPECT_TRUE(load.errors.empty()) << FormatJsonErrors(load.errors);
  ASSERT_EQ(load.accounts.size(), 1u);
  EXPECT_EQ(load.accounts[0].interval_s, 60);
}

TEST(RegistryFileTest, MissingFileIsOneError) {
  RegistryLoad load = LoadRegistryFile("/nonexistent/accounts.json");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].file, "/nonexistent/accounts.json");
  EXPECT_NE(load.errors[0].message.find("cannot read"), std::string::npos);
}

TEST(UnsupportedPlatformsTest, OnlyPlatformsWithoutAPublicInterfaceAreRejected) {
  for (const char* platform : {"viber", "facebook_profile", "zalo_personal"}) {
    EXPECT_TRUE(UnsupportedPlatformReason(platform).has_value()) << platform;
  }
  for (const char* platform : {"web", "facebook", "zalo", "tiktok", "youtube", "telegram"}) {
    EXPECT_FALSE(UnsupportedPlatformReason(platform).has_value()) << platform;
  }
}

}  // namespace
}  // namespace postwatch
