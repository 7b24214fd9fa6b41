#include "config/json_schema.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace postwatch {
namespace {

constexpr char kSchema[] = R"({
  "type": "object", "additionalProperties": false, "required": ["name", "items"],
  "properties": {
    "name": {"type": "string", "minLength": 1},
    "count": {"type": "integer", "minimum": 1, "maximum": 10},
    "mode": {"type": "string", "enum": ["fast", "slow"]},
    "items": {
      "type": "array", "uniqueItems": true,
      "items": {
        "type": "object", "additionalProperties": false, "required": ["id"],
        "properties": {"id": {"type": "integer"}, "label": {"type": "string"}}
      }
    },
    "ratio": {"type": "number", "minimum": 0, "exclusiveMinimum": true},
    "host": {"type": "string", "pattern": "^[a-z]+:[0-9]+$", "x-hint": "host:port"}
  }
})";

struct Expected {
  std::string pointer;
  bool at_key;
  std::string message;
};

struct ViolationCase {
  const char* name;
  const char* document;
  std::vector<Expected> expected;
};

class ViolationTest : public testing::TestWithParam<ViolationCase> {};

TEST_P(ViolationTest, ReportsEveryViolationWithPointerAndMessage) {
  const ViolationCase& c = GetParam();
  auto schema = JsonSchema::Compile(kSchema, "test schema");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  auto document = ParseJsonText(c.document, "doc");
  ASSERT_TRUE(document.ok()) << document.status().ToString();
  std::vector<SchemaViolation> violations = schema->FindViolations(*document);
  ASSERT_EQ(violations.size(), c.expected.size());
  for (size_t i = 0; i < violations.size(); ++i) {
    EXPECT_EQ(violations[i].pointer, c.expected[i].pointer) << i;
    EXPECT_EQ(violations[i].at_key, c.expected[i].at_key) << i;
    EXPECT_EQ(violations[i].message, c.expected[i].message) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ViolationTest,
    testing::Values(
        ViolationCase{"Valid", R"({"name": "x", "items": [{"id": 1}], "ratio": 0.5})", {}},
        // The wrong-typed required key is reported once, not again as missing.
        ViolationCase{"WrongType",
                      R"({"name": 5, "items": []})",
                      {{"/name", false, "expected string, got integer 5"}}},
        ViolationCase{"UnknownKeyWithSuggestion",
                      R"({"name": "x", "items": [], "cuont": 3})",
                      {{"/cuont", true, "unknown key 'cuont'; did you mean 'count'?"}}},
        ViolationCase{"UnknownKeyListsKnownKeys",
                      R"({"name": "x", "items": [], "zzzzzz": 1})",
                      {{"/zzzzzz", true,
                        "unknown key 'zzzzzz'; known keys are 'name', 'count', 'mode', 'items', "
                        "'ratio', 'host'"}}},
        ViolationCase{
            "Bounds",
            R"({"name": "x", "items": [], "count": 0, "ratio": 0})",
            {{"/count", false, "must be >= 1, got 0"}, {"/ratio", false, "must be > 0, got 0"}}},
        ViolationCase{"AboveMaximum",
                      R"({"name": "x", "items": [], "count": 11})",
                      {{"/count", false, "must be <= 10, got 11"}}},
        ViolationCase{"EnumSuggestsClosest",
                      R"({"name": "x", "items": [], "mode": "fats"})",
                      {{"/mode", false,
                        R"(must be one of "fast", "slow"; got "fats"; did you mean "fast"?)"}}},
        ViolationCase{"PatternUsesHint",
                      R"({"name": "x", "items": [], "host": "nope"})",
                      {{"/host", false, R"(expected host:port, got "nope")"}}},
        ViolationCase{
            "EmptyString", R"({"name": "", "items": []})", {{"/name", false, "must not be empty"}}},
        ViolationCase{
            "MissingRequired", R"({"items": []})", {{"", false, "missing required key 'name'"}}},
        // Removing offending items shifts the working copy; pointers stay the original.
        ViolationCase{"ArrayPointersStayOriginal",
                      R"({"name": "x", "items": [{"id": 1}, {"id": "two"}, {"id": 3},
                          {"label": "x"}, {"id": 5, "lable": "y"}]})",
                      {{"/items/1/id", false, "expected integer, got string \"two\""},
                       {"/items/3", false, "missing required key 'id'"},
                       {"/items/4/lable", true, "unknown key 'lable'; did you mean 'label'?"}}},
        ViolationCase{"DuplicateItem",
                      R"({"name": "x", "items": [{"id": 1}, {"id": 2}, {"id": 1}]})",
                      {{"/items/2", false, "duplicate of an earlier item"}}},
        ViolationCase{"RootType", "[]", {{"", false, "expected object, got array"}}}),
    [](const testing::TestParamInfo<ViolationCase>& param_info) { return param_info.param.name; });

TEST(JsonSchemaTest, ErrorsAreLocatedInTheSourceText) {
  auto schema = JsonSchema::Compile(kSchema, "test schema");
  ASSERT_TRUE(schema.ok());
  JsonParse parse = ParseJson("{\n  \"name\": \"x\",\n  \"items\": [],\n  \"cuont\": 3,\n}",
                              TextOrigin{"a.json", 1, 1, ""});
  ASSERT_TRUE(parse.json.has_value());
  std::vector<JsonError> errors = schema->Validate(*parse.json);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].ToString(), "a.json:4:3: /cuont: unknown key 'cuont'; did you mean 'count'?");
}

TEST(JsonSchemaTest, CheckJsonTextShiftsPositionsToTheEnclosingFile) {
  // As the plugin host checks a plugin's "config" object found at line 7, column 17.
  std::vector<JsonError> errors =
      CheckJsonText(kSchema, "{\"name\": \"x\",\n \"items\": 3}",
                    TextOrigin{"postwatch.json", 7, 17, "/plugins/web/config"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].ToString(),
            "postwatch.json:8:11: /plugins/web/config/items: expected array, got integer 3");
}

TEST(JsonSchemaTest, CheckJsonTextReportsSyntaxErrors) {
  std::vector<JsonError> errors =
      CheckJsonText(kSchema, "{\"name\" \"x\"}", TextOrigin{"c", 1, 1, ""});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 1);
  EXPECT_EQ(errors[0].column, 9);
}

TEST(JsonSchemaTest, ValidateAgainstSchemaNamesTheSource) {
  auto document = ParseJsonText(R"({"name": "x", "items": [], "count": "3"})", "doc");
  ASSERT_TRUE(document.ok());
  std::vector<JsonError> errors = ValidateAgainstSchema(kSchema, *document, "account 17 ref");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].ToString(), "account 17 ref: /count: expected integer, got string \"3\"");
}

TEST(JsonSchemaTest, SchemaThatIsNotJsonIsOneError) {
  rapidjson::Document document;
  document.SetObject();
  std::vector<JsonError> errors = ValidateAgainstSchema("{nope", document, "plugin web");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("invalid JSON"), std::string::npos) << errors[0].message;
}

TEST(JsonSchemaTest, StopsAfterTooManyErrors) {
  std::string text = R"({"name": "x", "items": [)";
  for (int i = 0; i < 300; ++i) text += std::string(i ? "," : "") + "{\"id\": \"s\"}";
  text += "]}";
  auto schema = JsonSchema::Compile(kSchema, "test schema");
  ASSERT_TRUE(schema.ok());
  auto document = ParseJsonText(text, "doc");
  ASSERT_TRUE(document.ok());
  std::vector<SchemaViolation> violations = schema->FindViolations(*document);
  ASSERT_EQ(violations.size(), JsonSchema::kMaxViolations + 1);
  EXPECT_EQ(violations[JsonSchema::kMaxViolations - 1].pointer, "/items/199/id");
  EXPECT_EQ(violations.back().message, "too many errors; stopped after 200");
}

}  // namespace
}  // namespace postwatch
