#include "config/config_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "config/json_schema.h"

namespace postwatch {
namespace {

constexpr char kPath[] = "/etc/postwatch/postwatch.json";

struct ErrorCase {
  const char* name;
  const char* text;
  std::vector<std::string> errors;  // each error's ToString(), in order
};

class ConfigErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(ConfigErrorTest, ReportsEveryErrorWithLocation) {
  const ErrorCase& c = GetParam();
  ConfigLoad load = LoadConfigFromText(c.text, kPath);
  EXPECT_FALSE(load.config.has_value());
  std::vector<std::string> got;
  for (const JsonError& error : load.errors) got.push_back(error.ToString());
  EXPECT_EQ(got, c.errors);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConfigErrorTest,
    testing::Values(
        ErrorCase{"MisspelledTopLevelKey",
                  R"({"log_levle": "debug"})",
                  {"/etc/postwatch/postwatch.json:1:2: /log_levle: unknown key 'log_levle'; "
                   "did you mean 'log_level'?"}},
        ErrorCase{"MisspelledNestedKey",
                  "{\n  \"fetch\": {\n    \"timeuot_ms\": 5000\n  }\n}",
                  {"/etc/postwatch/postwatch.json:3:5: /fetch/timeuot_ms: unknown key "
                   "'timeuot_ms'; did you mean 'timeout_ms'?"}},
        ErrorCase{"MisspelledPluginKey",
                  "{\"plugins\": {\"web\": {\"intervl_s\": 60}}}",
                  {"/etc/postwatch/postwatch.json:1:22: /plugins/web/intervl_s: unknown key "
                   "'intervl_s'; did you mean 'interval_s'?"}},
        ErrorCase{"WrongType",
                  R"({"fetch": {"timeout_ms": "30s"}})",
                  {"/etc/postwatch/postwatch.json:1:26: /fetch/timeout_ms: expected integer, got "
                   "string \"30s\""}},
        ErrorCase{"WrongTypeOfSection",
                  R"({"scheduler": 5})",
                  {"/etc/postwatch/postwatch.json:1:15: /scheduler: expected object, got "
                   "integer 5"}},
        ErrorCase{"BooleanAsString",
                  R"({"metrics": {"per_account": "yes"}})",
                  {"/etc/postwatch/postwatch.json:1:29: /metrics/per_account: expected boolean, "
                   "got string \"yes\""}},
        ErrorCase{"OutOfBounds",
                  "{\"scheduler\": {\n  \"jitter_ratio\": 0.9,\n  \"default_interval_s\": 0\n}}",
                  {"/etc/postwatch/postwatch.json:2:19: /scheduler/jitter_ratio: must be <= 0.5, "
                   "got 0.9",
                   "/etc/postwatch/postwatch.json:3:25: /scheduler/default_interval_s: must be "
                   ">= 1, got 0"}},
        ErrorCase{"UnknownEnumValue",
                  R"({"log_level": "warn"})",
                  {"/etc/postwatch/postwatch.json:1:15: /log_level: must be one of \"error\", "
                   "\"warning\", \"notice\", \"info\", \"debug\"; got \"warn\"; did you mean "
                   "\"warning\"?"}},
        ErrorCase{"BadListenAddress",
                  R"({"listen": {"metrics": "localhost"}})",
                  {"/etc/postwatch/postwatch.json:1:24: /listen/metrics: expected host:port, got "
                   "\"localhost\""}},
        ErrorCase{"PortOutOfRange",
                  R"({"listen": {"metrics": "127.0.0.1:99999"}})",
                  {"/etc/postwatch/postwatch.json:1:24: /listen/metrics: '127.0.0.1:99999' is "
                   "not host:port: the port must be a number from 0 to 65535"}},
        ErrorCase{"BackoffBaseAboveMax",
                  R"({"scheduler": {"backoff_base_s": 600, "backoff_max_s": 300}})",
                  {"/etc/postwatch/postwatch.json:1:34: /scheduler/backoff_base_s: must be <= "
                   "backoff_max_s (300), got 600"}},
        ErrorCase{"UppercasePluginName",
                  R"({"plugins": {"Web": {}}})",
                  {"/etc/postwatch/postwatch.json:1:14: /plugins/Web: plugin name 'Web' must be "
                   "lowercase letters, digits and '_'"}},
        ErrorCase{"SyntaxError",
                  "{\n  \"state_dir\": \"/x\"\n  \"database\": \"y\"\n}",
                  {"/etc/postwatch/postwatch.json:3:3: invalid JSON: missing a comma or '}' "
                   "after an object member"}},
        ErrorCase{"RootNotAnObject",
                  "[]",
                  {"/etc/postwatch/postwatch.json:1:1: expected object, got array"}},
        ErrorCase{"AllErrorsReported",
                  "{\n"
                  "  \"log_level\": 3,\n"
                  "  \"fetch\": {\"allow\": [\"a:1\", 7, \"b\"], \"proxi\": \"\"},\n"
                  "  \"store\": {\"synchronous\": \"off\"},\n"
                  "  \"sheduler\": {},\n"
                  "}",
                  {"/etc/postwatch/postwatch.json:2:16: /log_level: expected string, got "
                   "integer 3",
                   "/etc/postwatch/postwatch.json:3:30: /fetch/allow/1: expected string, got "
                   "integer 7",
                   "/etc/postwatch/postwatch.json:3:33: /fetch/allow/2: expected host:port, got "
                   "\"b\"",
                   "/etc/postwatch/postwatch.json:3:39: /fetch/proxi: unknown key 'proxi'; did "
                   "you mean 'proxy'?",
                   "/etc/postwatch/postwatch.json:4:28: /store/synchronous: must be one of "
                   "\"normal\", \"full\"; got \"off\"",
                   "/etc/postwatch/postwatch.json:5:3: /sheduler: unknown key 'sheduler'; did "
                   "you mean 'scheduler'?"}}),
    [](const testing::TestParamInfo<ErrorCase>& param_info) { return param_info.param.name; });

TEST(ConfigLoaderTest, EmptyObjectGivesTheDefaults) {
  ConfigLoad load = LoadConfigFromText("{}", kPath);
  ASSERT_TRUE(load.config.has_value()) << FormatJsonErrors(load.errors);
  const Config& config = *load.config;
  EXPECT_EQ(config.source_path, kPath);
  EXPECT_EQ(config.state_dir, "/var/lib/postwatch");
  EXPECT_EQ(config.database, "/var/lib/postwatch/postwatch.db");
  EXPECT_EQ(config.registry, "");
  EXPECT_EQ(config.listen.metrics, "127.0.0.1:9464");
  EXPECT_EQ(config.scheduler.default_interval_s, 900);
  EXPECT_DOUBLE_EQ(config.scheduler.jitter_ratio, 0.1);
  EXPECT_EQ(config.fetch.max_body_bytes, 8388608);
  EXPECT_EQ(config.store.synchronous, "normal");
  EXPECT_FALSE(config.metrics.per_account);
  EXPECT_TRUE(config.plugins.empty());
}

TEST(ConfigLoaderTest, ValuesInTheFileReplaceDefaults) {
  ConfigLoad load = LoadConfigFromText(R"({
    "log_level": "debug",
    "listen": {"metrics": "[::1]:0", "admin": "unix:/run/postwatch/admin.sock"},
    "plugins": {"telegram": {"enabled": false}},
    "fetch": {"timeout_ms": 5000, "allow": ["127.0.0.1:8080"], "user_agent_contact": "mailto:ops@example.org"},
    "scheduler": {"default_interval_s": 1, "jitter_ratio": 0},
    "links": {"tracking_params": ["ref_src"]},
    "metrics": {"per_account": true}
  })",
                                       kPath);
  ASSERT_TRUE(load.config.has_value()) << FormatJsonErrors(load.errors);
  const Config& config = *load.config;
  EXPECT_EQ(LogLevelFromName(config.log_level), LogLevel::kDebug);
  EXPECT_EQ(config.listen.metrics, "[::1]:0");
  EXPECT_EQ(config.listen.admin, "unix:/run/postwatch/admin.sock");
  EXPECT_FALSE(config.plugins.at("telegram").enabled);
  EXPECT_EQ(config.fetch.timeout_ms, 5000);
  EXPECT_EQ(config.fetch.connect_timeout_ms, 10000);
  EXPECT_EQ(config.fetch.allow, std::vector<std::string>{"127.0.0.1:8080"});
  EXPECT_EQ(config.scheduler.default_interval_s, 1);
  EXPECT_DOUBLE_EQ(config.scheduler.jitter_ratio, 0.0);
  EXPECT_EQ(config.links.tracking_params, std::vector<std::string>{"ref_src"});
  EXPECT_TRUE(config.metrics.per_account);
}

TEST(ConfigLoaderTest, EmptyStringsTurnOptionalFeaturesOff) {
  ConfigLoad load = LoadConfigFromText(
      R"({"listen": {"admin": ""}, "fetch": {"proxy": "", "user_agent_contact": ""}})", kPath);
  ASSERT_TRUE(load.config.has_value()) << FormatJsonErrors(load.errors);
  EXPECT_EQ(load.config->listen.admin, "");
  EXPECT_EQ(load.config->fetch.proxy, "");
}

TEST(ConfigLoaderTest, RelativePathsAreResolvedAgainstTheConfigDirectory) {
  struct Case {
    const char* text;
    const char* state_dir;
    const char* database;
    const char* registry;
    const char* plugin_dir;
  };
  for (const Case& c : {
           Case{R"({"state_dir": "state", "database": "db/pw.db", "registry": "accounts.csv",
                    "plugin_dir": "../plugins"})",
                "/etc/postwatch/state", "/etc/postwatch/state/db/pw.db",
                "/etc/postwatch/accounts.csv", "/etc/plugins"},
           Case{R"({"state_dir": "/srv/pw/", "database": "/tmp/x.db", "registry": "/r/a.json"})",
                "/srv/pw", "/tmp/x.db", "/r/a.json", "/usr/lib/postwatch/plugins"},
       }) {
    ConfigLoad load = LoadConfigFromText(c.text, kPath);
    ASSERT_TRUE(load.config.has_value()) << FormatJsonErrors(load.errors);
    EXPECT_EQ(load.config->state_dir, c.state_dir) << c.text;
    EXPECT_EQ(load.config->database, c.database) << c.text;
    EXPECT_EQ(load.config->registry, c.registry) << c.text;
    EXPECT_EQ(load.config->plugin_dir, c.plugin_dir) << c.text;
  }
}

TEST(ConfigLoaderTest, RelativeConfigPathIsMadeAbsolute) {
  ConfigLoad load = LoadConfigFromText(R"({"registry": "accounts.json"})", "conf/pw.json");
  ASSERT_TRUE(load.config.has_value());
  std::filesystem::path cwd = std::filesystem::current_path();
  EXPECT_EQ(load.config->source_path, (cwd / "conf/pw.json").lexically_normal().string());
  EXPECT_EQ(load.config->registry, (cwd / "conf/accounts.json").lexically_normal().string());
}

TEST(ConfigLoaderTest, PluginConfigIsKeptVerbatimWithItsPosition) {
  constexpr char kText[] =
      "{\n"
      "  \"plugins\": {\n"
      "    \"web\": {\"interval_s\": 60, \"config\": {\"base_url\": 5, // why\n"
      "    }},\n"
      "    \"mastodon\": {\"enabled\": false},\n"
      "  },\n"
      "}\n";
  ConfigLoad load = LoadConfigFromText(kText, kPath);
  ASSERT_TRUE(load.config.has_value()) << FormatJsonErrors(load.errors);
  const PluginSettings& web = load.config->plugins.at("web");
  EXPECT_TRUE(web.enabled);
  EXPECT_EQ(web.interval_s, 60);
  EXPECT_EQ(web.config_json, "{\"base_url\": 5, // why\n    }");
  EXPECT_EQ(web.config_origin.line, 3);
  EXPECT_EQ(web.config_origin.column, 41);
  EXPECT_EQ(web.config_origin.pointer, "/plugins/web/config");
  const PluginSettings& mastodon = load.config->plugins.at("mastodon");
  EXPECT_FALSE(mastodon.enabled);
  EXPECT_EQ(mastodon.config_json, "{}");

  // What the plugin host does with it: errors point into the config file.
  std::vector<JsonError> errors =
      CheckJsonText(R"({"type": "object", "properties": {"base_url": {"type": "string"}}})",
                    web.config_json, web.config_origin);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].ToString(),
            "/etc/postwatch/postwatch.json:3:54: /plugins/web/config/base_url: expected string, "
            "got integer 5");
}

TEST(ConfigLoaderTest, LoadConfigFileListsEveryErrorOnItsOwnLine) {
  std::filesystem::path dir = testing::TempDir();
  std::filesystem::path path = dir / ("pw_config_" + std::to_string(getpid()) + ".json");
  std::ofstream(path) << "{\"log_level\": 1,\n \"fetch\": {\"timeout\": 1}}";
  auto result = LoadConfigFile(path.string());
  std::filesystem::remove(path);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(result.status().message(),
            path.string() + ":1:15: /log_level: expected string, got integer 1\n" + path.string() +
                ":2:12: /fetch/timeout: unknown key 'timeout'; did you mean 'timeout_ms'?");
}

TEST(ConfigLoaderTest, MissingFileIsAnIoError) {
  auto result = LoadConfigFile("/nonexistent/postwatch.json");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kIoError);
  EXPECT_NE(result.status().message().find("/nonexistent/postwatch.json: cannot read"),
            std::string::npos);
  ConfigLoad load = LoadConfig("/nonexistent/postwatch.json");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].file, "/nonexistent/postwatch.json");
}

TEST(ConfigLoaderTest, ExampleConfigIsValid) {
  std::string path = std::string(PW_SOURCE_DIR) + "/examples/postwatch.json";
  ConfigLoad load = LoadConfig(path);
  ASSERT_TRUE(load.config.has_value()) << FormatJsonErrors(load.errors);
  EXPECT_EQ(load.config->registry, std::string(PW_SOURCE_DIR) + "/examples/accounts.json");
  EXPECT_EQ(load.config->flag_lists_dir, std::string(PW_SOURCE_DIR) + "/examples/lists");
}

TEST(ParseHostPortTest, SplitsHostAndPort) {
  struct Case {
    const char* text;
    bool ok;
    const char* host;
    uint16_t port;
  };
  for (const Case& c :
       {Case{"127.0.0.1:9464", true, "127.0.0.1", 9464}, Case{"[::1]:0", true, "::1", 0},
        Case{"localhost:65535", true, "localhost", 65535}, Case{"localhost:65536", false, "", 0},
        Case{"::1:80", false, "", 0}, Case{":80", false, "", 0}, Case{"host:", false, "", 0},
        Case{"host", false, "", 0}, Case{"host:8x", false, "", 0}}) {
    auto parsed = ParseHostPort(c.text);
    ASSERT_EQ(parsed.ok(), c.ok) << c.text;
    if (!c.ok) continue;
    EXPECT_EQ(parsed->host, c.host);
    EXPECT_EQ(parsed->port, c.port);
  }
}

}  // namespace
}  // namespace postwatch
