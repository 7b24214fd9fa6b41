// The option table, the schema and Config's defaults say the same thing.
#include "config/config_options.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "config/config_loader.h"
#include "config/json_schema.h"
#include "config/located_json.h"
#include "pw_schemas_embedded.h"

namespace postwatch {
namespace {

const rapidjson::Document& Schema() {
  static const rapidjson::Document* schema = [] {
    auto parsed = ParseJsonText(schemas::Files().at("config.schema.json"), "config.schema.json");
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    return new rapidjson::Document(std::move(parsed).value());
  }();
  return *schema;
}

// "/fetch/timeout_ms" -> the schema of that property, or null.
const rapidjson::Value* PropertySchema(const rapidjson::Value& root, std::string_view pointer) {
  const rapidjson::Value* node = &root;
  size_t pos = 1;
  while (pos <= pointer.size()) {
    size_t next = pointer.find('/', pos);
    if (next == std::string_view::npos) next = pointer.size();
    std::string name(pointer.substr(pos, next - pos));
    auto properties = node->FindMember("properties");
    if (properties == node->MemberEnd()) return nullptr;
    auto it = properties->value.FindMember(name.c_str());
    if (it == properties->value.MemberEnd()) return nullptr;
    node = &it->value;
    pos = next + 1;
  }
  return node;
}

// Every leaf property of the schema ("/fetch/timeout_ms"), with "*" for a map's entries.
void CollectLeaves(const rapidjson::Value& schema, const std::string& prefix,
                   std::vector<std::string>& out) {
  auto properties = schema.FindMember("properties");
  if (properties != schema.MemberEnd()) {
    for (const auto& property : properties->value.GetObject()) {
      std::string pointer = prefix + "/" + property.name.GetString();
      const rapidjson::Value& sub = property.value;
      bool is_section = sub["type"] == "object" &&
                        (sub.HasMember("properties") || sub.HasMember("additionalProperties"));
      if (is_section && pointer != prefix + "/config") {
        CollectLeaves(sub, pointer, out);
      } else {
        out.push_back(pointer);
      }
    }
  }
  auto entries = schema.FindMember("additionalProperties");
  if (entries != schema.MemberEnd() && entries->value.IsObject()) {
    CollectLeaves(entries->value, prefix + "/*", out);
  }
}

bool DefaultMatches(const ConfigOption& option, const rapidjson::Value& expected) {
  Config config;
  return std::visit(
      [&](auto field) -> bool {
        const auto& value = field(config);
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, int64_t>) {
          return expected.IsInt64() && expected.GetInt64() == value;
        } else if constexpr (std::is_same_v<T, double>) {
          return expected.IsNumber() && expected.GetDouble() == value;
        } else if constexpr (std::is_same_v<T, bool>) {
          return expected.IsBool() && expected.GetBool() == value;
        } else if constexpr (std::is_same_v<T, std::string>) {
          return expected.IsString() && value == expected.GetString();
        } else {
          if (!expected.IsArray() || expected.Size() != value.size()) return false;
          for (rapidjson::SizeType i = 0; i < expected.Size(); ++i) {
            if (value[i] != expected[i].GetString()) return false;
          }
          return true;
        }
      },
      option.field);
}

std::string_view SchemaTypeFor(const ConfigOption& option) {
  switch (option.field.index()) {
    case 0:
      return "integer";
    case 1:
      return "number";
    case 2:
      return "boolean";
    case 3:
      return "string";
    default:
      return "array";
  }
}

TEST(ConfigOptionsTest, EveryOptionIsInTheSchemaWithTheSameTypeAndDefault) {
  for (const ConfigOption& option : ConfigOptions()) {
    const rapidjson::Value* property = PropertySchema(Schema(), option.pointer);
    ASSERT_NE(property, nullptr) << option.pointer << " is not in config.schema.json";
    EXPECT_EQ(std::string_view((*property)["type"].GetString()), SchemaTypeFor(option))
        << option.pointer;
    ASSERT_TRUE(property->HasMember("default")) << option.pointer << " has no default";
    EXPECT_TRUE(DefaultMatches(option, (*property)["default"]))
        << option.pointer << ": the schema's default differs from Config's";
    EXPECT_TRUE(property->HasMember("description")) << option.pointer;
  }
}

TEST(ConfigOptionsTest, EverySchemaPropertyIsAnOptionOrAPluginSetting) {
  std::vector<std::string> leaves;
  CollectLeaves(Schema(), "", leaves);
  std::set<std::string> options;
  for (const ConfigOption& option : ConfigOptions()) options.emplace(option.pointer);
  const std::set<std::string> plugin_settings = {"/plugins/*/enabled", "/plugins/*/interval_s",
                                                 "/plugins/*/isolation",
                                                 "/plugins/*/call_deadline_ms",
                                                 "/plugins/*/credential_file",
                                                 "/plugins/*/config"};
  for (const std::string& leaf : leaves) {
    EXPECT_TRUE(options.count(leaf) > 0 || plugin_settings.count(leaf) > 0)
        << leaf << " is in the schema but not in ConfigOptions()";
  }
  EXPECT_EQ(leaves.size(), options.size() + plugin_settings.size());
}

TEST(ConfigOptionsTest, PluginSettingDefaultsMatchTheSchema) {
  const rapidjson::Value& entry = Schema()["properties"]["plugins"]["additionalProperties"];
  PluginSettings defaults;
  EXPECT_EQ(entry["properties"]["enabled"]["default"].GetBool(), defaults.enabled);
  EXPECT_EQ(entry["properties"]["interval_s"]["default"].GetInt64(), defaults.interval_s);
  EXPECT_EQ(entry["properties"]["isolation"]["default"].GetString(), defaults.isolation);
  EXPECT_EQ(entry["properties"]["call_deadline_ms"]["default"].GetInt64(),
            defaults.call_deadline_ms);
  EXPECT_EQ(entry["properties"]["credential_file"]["default"].GetString(),
            defaults.credential_file);
  EXPECT_EQ(defaults.config_json, "{}");
  EXPECT_TRUE(entry["properties"]["config"]["default"].ObjectEmpty());
}

TEST(ConfigOptionsTest, EverySchemaPropertyIsDocumentedInTheExample) {
  std::string path = std::string(PW_SOURCE_DIR) + "/examples/postwatch.json";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  JsonParse parse = ParseJson(text.str(), TextOrigin{path, 1, 1, ""});
  ASSERT_TRUE(parse.json.has_value()) << FormatJsonErrors(parse.errors);
  std::vector<std::string> leaves;
  CollectLeaves(Schema(), "", leaves);
  for (std::string leaf : leaves) {
    if (leaf.rfind("/plugins/*", 0) == 0) leaf.replace(0, 10, "/plugins/web");
    EXPECT_FALSE(parse.json->SourceOf(leaf).empty()) << leaf << " is missing from " << path;
  }
}

TEST(ConfigOptionsTest, ReloadReportsChangesThatNeedARestart) {
  Config running;
  Config loaded;
  loaded.listen.metrics = "0.0.0.0:9464";
  loaded.log_level = "debug";
  loaded.scheduler.parse_threads = 4;
  loaded.fetch.timeout_ms = 1000;
  EXPECT_EQ(RestartOnlyChanges(running, loaded),
            (std::vector<std::string>{"/listen/metrics", "/scheduler/parse_threads"}));
  EXPECT_TRUE(RestartOnlyChanges(running, running).empty());
}

}  // namespace
}  // namespace postwatch
