#include "registry/csv_reader.h"

#include <gtest/gtest.h>

namespace postwatch {
namespace {

struct CsvCase {
  const char* name;
  const char* text;
  std::vector<std::vector<std::string>> records;
  std::vector<int> lines;
};

class CsvReaderTest : public testing::TestWithParam<CsvCase> {};

TEST_P(CsvReaderTest, SplitsRecordsAndFields) {
  const CsvCase& c = GetParam();
  CsvParse parse = ParseCsv(c.text, "a.csv");
  EXPECT_TRUE(parse.errors.empty()) << FormatJsonErrors(parse.errors);
  ASSERT_EQ(parse.records.size(), c.records.size());
  for (size_t i = 0; i < c.records.size(); ++i) {
    EXPECT_EQ(parse.records[i].fields, c.records[i]) << "record " << i;
    EXPECT_EQ(parse.records[i].line, c.lines[i]) << "record " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CsvReaderTest,
    testing::Values(
        CsvCase{"Plain", "a,b,c\n1,2,3\n", {{"a", "b", "c"}, {"1", "2", "3"}}, {1, 2}},
        CsvCase{"NoFinalNewline", "a,b\n1,2", {{"a", "b"}, {"1", "2"}}, {1, 2}},
        CsvCase{"Crlf", "a,b\r\n1,2\r\n", {{"a", "b"}, {"1", "2"}}, {1, 2}},
        CsvCase{"QuotedComma", "a,b\n\"x, y\",2\n", {{"a", "b"}, {"x, y", "2"}}, {1, 2}},
        CsvCase{"DoubledQuote", "a\n\"say \"\"hi\"\"\"\n", {{"a"}, {"say \"hi\""}}, {1, 2}},
        CsvCase{"NewlineInQuotes",
                "a,b\n\"line 1\nline 2\",x\nnext,y\n",
                {{"a", "b"}, {"line 1\nline 2", "x"}, {"next", "y"}},
                {1, 2, 4}},
        CsvCase{"EmptyFields", "a,b,c\n,,\n", {{"a", "b", "c"}, {"", "", ""}}, {1, 2}},
        CsvCase{"UnquotedFieldsAreTrimmed", "a , b\n  1,2  \n", {{"a", "b"}, {"1", "2"}}, {1, 2}},
        CsvCase{"QuotedSpacesKept", "a\n\" x \"\n", {{"a"}, {" x "}}, {1, 2}},
        CsvCase{"BlankAndCommentLinesSkipped",
                "# header comment\n\na,b\n   \n# another\n1,2\n",
                {{"a", "b"}, {"1", "2"}},
                {3, 6}},
        CsvCase{"HashInsideAFieldIsData", "a,b\n1,#2\n", {{"a", "b"}, {"1", "#2"}}, {1, 2}}),
    [](const testing::TestParamInfo<CsvCase>& param_info) { return param_info.param.name; });

TEST(CsvReaderErrorTest, UnclosedQuoteIsReportedWhereItOpens) {
  CsvParse parse = ParseCsv("a,b\n1,\"open\n2,3\n", "a.csv");
  ASSERT_EQ(parse.errors.size(), 1u);
  EXPECT_EQ(parse.errors[0].ToString(), "a.csv:2:3: quoted field is never closed");
  EXPECT_EQ(parse.records.size(), 1u);
}

TEST(CsvReaderErrorTest, TextAfterClosingQuoteIsAnError) {
  CsvParse parse = ParseCsv("a,b\n\"x\"y,2\n", "a.csv");
  ASSERT_EQ(parse.errors.size(), 1u);
  EXPECT_EQ(parse.errors[0].ToString(),
            "a.csv:2:4: expected ',' or a line break after the closing quote");
}

TEST(CsvReaderTest, ColumnsCountCharacters) {
  CsvParse parse = ParseCsv("tên,b\n\"Nguyễn\",x\n", "a.csv");
  ASSERT_EQ(parse.records.size(), 2u);
  EXPECT_EQ(parse.records[0].columns, (std::vector<int>{1, 5}));
  EXPECT_EQ(parse.records[1].columns, (std::vector<int>{1, 10}));
}

}  // namespace
}  // namespace postwatch
