#include "metrics/group_labels.h"

#include <gtest/gtest.h>

#include <ostream>

namespace postwatch {
namespace {

const std::map<std::string, int64_t> kGroups = {{"city/a", 50},  {"city/b", 300}, {"city/c", 120},
                                                {"city/d", 120}, {"", 900},       {"other", 999}};

TEST(GroupLabelsTest, LargestGroupsKeepTheirNameInRankOrder) {
  GroupLabels labels(kGroups, 3);
  // Ties (c and d, 120 each) break by name; "" and a literal "other" never rank.
  EXPECT_EQ(labels.values(), (std::vector<std::string>{"city/b", "city/c", "city/d", "other"}));
}

struct LabelCase {
  size_t top_n;
  std::string group;
  std::string label;
};

void PrintTo(const LabelCase& c, std::ostream* os) {
  *os << "top" << c.top_n << ":" << (c.group.empty() ? "(none)" : c.group);
}

class GroupLabelsCaseTest : public ::testing::TestWithParam<LabelCase> {};

TEST_P(GroupLabelsCaseTest, MapsGroupToBoundedLabel) {
  const LabelCase& c = GetParam();
  EXPECT_EQ(GroupLabels(kGroups, c.top_n).Label(c.group), c.label);
}

INSTANTIATE_TEST_SUITE_P(
    Table, GroupLabelsCaseTest,
    ::testing::Values(LabelCase{2, "city/b", "city/b"}, LabelCase{2, "city/c", "city/c"},
                      LabelCase{2, "city/d", "other"}, LabelCase{2, "city/a", "other"},
                      LabelCase{2, "", "other"}, LabelCase{2, "never/registered", "other"},
                      LabelCase{0, "city/b", "other"}, LabelCase{10, "city/a", "city/a"}));

TEST(GroupLabelsTest, DefaultHasOnlyOther) {
  GroupLabels labels;
  EXPECT_EQ(labels.values(), std::vector<std::string>{"other"});
  EXPECT_EQ(labels.Label("city/b"), "other");
}

}  // namespace
}  // namespace postwatch
