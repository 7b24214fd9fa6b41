#include "config/located_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace postwatch {
namespace {

struct SyntaxCase {
  const char* name;
  const char* text;
  int line;
  int column;
  const char* message_part;
};

class SyntaxErrorTest : public testing::TestWithParam<SyntaxCase> {};

TEST_P(SyntaxErrorTest, ReportsLineColumnAndMessage) {
  const SyntaxCase& c = GetParam();
  JsonParse parse = ParseJson(c.text, TextOrigin{"in.json", 1, 1, ""});
  EXPECT_FALSE(parse.json.has_value());
  ASSERT_EQ(parse.errors.size(), 1u);
  const JsonError& error = parse.errors[0];
  EXPECT_EQ(error.file, "in.json");
  EXPECT_EQ(error.line, c.line) << error.ToString();
  EXPECT_EQ(error.column, c.column) << error.ToString();
  EXPECT_NE(error.message.find(c.message_part), std::string::npos) << error.message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SyntaxErrorTest,
    testing::Values(
        SyntaxCase{"MissingComma", "{\n  \"state_dir\": \"/x\"\n  \"database\": \"y\"\n}", 3, 3,
                   "missing a comma or '}'"},
        SyntaxCase{"MissingValue", "{\"a\": }", 1, 7, "invalid value"},
        SyntaxCase{"MissingColon", "{\"a\" 1}", 1, 6, "missing a colon"},
        SyntaxCase{"TextAfterRoot", "{}\n  x", 2, 3, "root"},
        // Columns count characters: the Cyrillic key is 4 characters but 8 bytes.
        SyntaxCase{"ColumnCountsCharacters", "{\"ключ\": 1 2}", 1, 12, "missing a comma"}),
    [](const testing::TestParamInfo<SyntaxCase>& param_info) { return param_info.param.name; });

TEST(LocatedJsonTest, CommentsAndTrailingCommasAreAccepted) {
  JsonParse parse = ParseJson("// top\n{ /* a */ \"a\": [1, 2,], \"b\": {\"c\": true,}, }\n", {});
  ASSERT_TRUE(parse.json.has_value());
  EXPECT_TRUE(parse.errors.empty());
  EXPECT_EQ(parse.json->document()["a"].Size(), 2u);
  EXPECT_TRUE(parse.json->document()["b"]["c"].GetBool());
}

constexpr char kNested[] =
    "{\n"
    "  // comment with \"quotes\": and, commas\n"
    "  \"fetch\": {\n"
    "    \"timeout_ms\": 5000, /* inline */ \"allow\": [\"a:1\",\n"
    "      \"b:2\"]\n"
    "  }\n"
    "}\n";

struct PositionCase {
  const char* pointer;
  bool key;
  int line;
  int column;
};

class PositionTest : public testing::TestWithParam<PositionCase> {};

TEST_P(PositionTest, PointsAtTheValueOrKey) {
  const PositionCase& c = GetParam();
  JsonParse parse = ParseJson(kNested, TextOrigin{"f.json", 1, 1, ""});
  ASSERT_TRUE(parse.json.has_value());
  TextPosition position =
      c.key ? parse.json->KeyPosition(c.pointer) : parse.json->ValuePosition(c.pointer);
  EXPECT_EQ(position.line, c.line) << c.pointer;
  EXPECT_EQ(position.column, c.column) << c.pointer;
}

INSTANTIATE_TEST_SUITE_P(Cases, PositionTest,
                         testing::Values(PositionCase{"", false, 1, 1},
                                         PositionCase{"/fetch", false, 3, 12},
                                         PositionCase{"/fetch", true, 3, 3},
                                         PositionCase{"/fetch/timeout_ms", false, 4, 19},
                                         PositionCase{"/fetch/timeout_ms", true, 4, 5},
                                         PositionCase{"/fetch/allow", true, 4, 38},
                                         PositionCase{"/fetch/allow/0", false, 4, 48},
                                         PositionCase{"/fetch/allow/1", false, 5, 7},
                                         // Nothing there: the nearest enclosing value.
                                         PositionCase{"/fetch/nothing", false, 3, 12}));

TEST(LocatedJsonTest, SourceOfIsTheVerbatimText) {
  JsonParse parse = ParseJson(kNested, {});
  ASSERT_TRUE(parse.json.has_value());
  EXPECT_EQ(parse.json->SourceOf("/fetch/allow"), "[\"a:1\",\n      \"b:2\"]");
  EXPECT_EQ(parse.json->SourceOf("/fetch/timeout_ms"), "5000");
  EXPECT_EQ(parse.json->SourceOf("/missing"), "");
}

TEST(LocatedJsonTest, SourceOfIncludesTheBracketAfterATrailingComma) {
  JsonParse parse = ParseJson("{\"a\": [1, 2, ], \"b\": {\"c\": [], }, }", {});
  ASSERT_TRUE(parse.json.has_value());
  EXPECT_EQ(parse.json->SourceOf("/a"), "[1, 2, ]");
  EXPECT_EQ(parse.json->SourceOf("/b"), "{\"c\": [], }");
  EXPECT_EQ(parse.json->SourceOf("/b/c"), "[]");
  EXPECT_EQ(parse.json->ValuePosition("/b").column, 22);
}

TEST(LocatedJsonTest, OriginShiftsPositionsAndPrefixesPointers) {
  TextOrigin origin{"postwatch.json", 10, 5, "/plugins/web/config"};
  JsonParse one_line = ParseJson("{\"a\": 1}", origin);
  ASSERT_TRUE(one_line.json.has_value());
  JsonError error = one_line.json->ErrorAt("/a", "bad");
  EXPECT_EQ(error.ToString(), "postwatch.json:10:11: /plugins/web/config/a: bad");

  JsonParse two_lines = ParseJson("{\n \"a\": 1}", origin);
  ASSERT_TRUE(two_lines.json.has_value());
  EXPECT_EQ(two_lines.json->ErrorAt("/a", "bad").ToString(),
            "postwatch.json:11:7: /plugins/web/config/a: bad");
}

TEST(LocatedJsonTest, RepeatedKeyIsAnError) {
  JsonParse parse = ParseJson("{\"a\": 1, \"a\": 2}", TextOrigin{"f.json", 1, 1, ""});
  ASSERT_EQ(parse.errors.size(), 1u);
  EXPECT_EQ(parse.errors[0].ToString(), "f.json:1:10: /a: key 'a' appears more than once");
}

struct RepeatedKeyCase {
  const char* text;
  std::vector<std::string> errors;
};

class RepeatedKeyTest : public testing::TestWithParam<RepeatedKeyCase> {};

TEST_P(RepeatedKeyTest, EveryRepeatIsReportedAtItsLastKeyInDocumentOrder) {
  JsonParse parse = ParseJson(GetParam().text, TextOrigin{"f.json", 1, 1, ""});
  ASSERT_TRUE(parse.json.has_value());
  std::vector<std::string> errors;
  for (const JsonError& error : parse.errors) errors.push_back(error.ToString());
  EXPECT_EQ(errors, GetParam().errors);
}

// An object of 20 members ("k0".."k19") with "k3" repeated last: more members than are
// compared one by one.
std::string WideObjectWithRepeat() {
  std::string text = "{";
  for (int i = 0; i < 20; ++i)
    text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  return text + "\"k3\": 0}";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RepeatedKeyTest,
    testing::Values(RepeatedKeyCase{"{\"a\": 1, \"b\": 2}", {}},
                    RepeatedKeyCase{"{\"a\": 1, \"a\": 2, \"a\": 3}",
                                    {"f.json:1:18: /a: key 'a' appears more than once",
                                     "f.json:1:18: /a: key 'a' appears more than once"}},
                    RepeatedKeyCase{"{\"l\": [{\"x\": 1}, {\"x\": 1, \"y\": 2, \"x\": 3}]}",
                                    {"f.json:1:35: /l/1/x: key 'x' appears more than once"}},
                    RepeatedKeyCase{"{\"o\": {\"a~b\": {\"c\": 1, \"c\": 2}}, \"o\": 0}",
                                    {"f.json:1:24: /o/a~0b/c: key 'c' appears more than once",
                                     "f.json:1:34: /o: key 'o' appears more than once"}},
                    RepeatedKeyCase{"{\"a\": {\"b\": 1}, \"c\": {\"b\": 2}}", {}}));

TEST(LocatedJsonTest, RepeatInAWideObjectIsFound) {
  JsonParse parse = ParseJson(WideObjectWithRepeat(), TextOrigin{"f.json", 1, 1, ""});
  ASSERT_EQ(parse.errors.size(), 1u);
  EXPECT_EQ(parse.errors[0].ToString(), "f.json:1:202: /k3: key 'k3' appears more than once");
}

TEST(LocatedJsonTest, PointerTokensAreEscaped) {
  JsonParse parse = ParseJson("{\"a/b\": {\"~c\": 1}}", TextOrigin{"f.json", 1, 1, ""});
  ASSERT_TRUE(parse.json.has_value());
  EXPECT_EQ(parse.json->ValuePosition("/a~1b/~0c").column, 16);
}

TEST(LocatedJsonTest, ParseJsonTextReportsWhereTheSyntaxErrorIs) {
  auto parsed = ParseJsonText("{\n  \"a\": }", "plugin web config");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "plugin web config:2:8: invalid JSON: invalid value");
  EXPECT_TRUE(ParseJsonText("[1, 2,]", "x").ok());
}

}  // namespace
}  // namespace postwatch
