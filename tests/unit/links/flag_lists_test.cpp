#include "links/flag_lists.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace postwatch {
namespace {

namespace fs = std::filesystem;

class FlagListsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pw_flag_lists_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name) << content;
  }
  static const ListReport* Report(const FlagLists& lists, const std::string& name) {
    for (const ListReport& report : lists.reports()) {
      if (report.name == name) return &report;
    }
    return nullptr;
  }

  fs::path dir_;
};

TEST_F(FlagListsTest, EachFileIsOneListNamedByTheFile) {
  Write("scam-news.txt", "bad.example\nworse.example\n");
  Write("hosts-blocklist.hosts", "0.0.0.0 ads.example\n");
  Write("campaign.csv", "value,kind,category\nhttps://op.example/x,url,op\n");
  Write(".hidden.txt", "hidden.example\n");
  Write("backup.txt~", "backup.example\n");
  auto lists = FlagLists::LoadDirectory(dir_);
  ASSERT_TRUE(lists.ok()) << lists.status().ToString();
  ASSERT_EQ(lists->lists().size(), 3u);
  EXPECT_EQ(lists->Find("scam-news")->size(), 2u);
  EXPECT_EQ(lists->Find("hosts-blocklist")->size(), 1u);
  EXPECT_EQ(lists->Find("campaign")->kind(0), FlagEntryKind::kExactUrl);
  EXPECT_EQ(lists->Find("hidden"), nullptr);
  EXPECT_EQ(lists->TotalEntries(), 4u);
  ASSERT_NE(Report(*lists, "scam-news"), nullptr);
  EXPECT_EQ(Report(*lists, "scam-news")->entries, 2u);
  EXPECT_GT(Report(*lists, "scam-news")->loaded_at_ms, 0);
}

TEST_F(FlagListsTest, JunkLinesAreReportedAndTheRestLoads) {
  Write("mixed.txt", "good.example\nnot a domain\nalso.example\n");
  auto lists = FlagLists::LoadDirectory(dir_);
  ASSERT_TRUE(lists.ok());
  EXPECT_EQ(lists->Find("mixed")->size(), 2u);
  const ListReport* report = Report(*lists, "mixed");
  ASSERT_NE(report, nullptr);
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].ToString().rfind((dir_ / "mixed.txt").string() + ":2: ", 0), 0u)
      << report->errors[0].ToString();
  EXPECT_FALSE(report->kept_previous);
}

TEST_F(FlagListsTest, AnUnreadableFileKeepsThePreviousVersionOnReload) {
  Write("scam.txt", "bad.example\n");
  auto first = FlagLists::LoadDirectory(dir_);
  ASSERT_TRUE(first.ok());
  fs::remove(dir_ / "scam.txt");
  fs::create_symlink(dir_ / "missing-target.txt", dir_ / "scam.txt");
  auto second = FlagLists::LoadDirectory(dir_, &*first);
  ASSERT_TRUE(second.ok());
  ASSERT_NE(second->Find("scam"), nullptr);
  EXPECT_EQ(second->Find("scam")->value(0), "bad.example");
  const ListReport* report = Report(*second, "scam");
  ASSERT_NE(report, nullptr);
  EXPECT_TRUE(report->kept_previous);
  EXPECT_FALSE(report->status.ok());
  EXPECT_EQ(report->loaded_at_ms, first->Find("scam")->loaded_at_ms());
}

TEST_F(FlagListsTest, ReloadPicksUpChangedAndRemovedFiles) {
  Write("a.txt", "one.example\n");
  Write("b.txt", "two.example\n");
  auto first = FlagLists::LoadDirectory(dir_);
  ASSERT_TRUE(first.ok());
  Write("a.txt", "one.example\nthree.example\n");
  fs::remove(dir_ / "b.txt");
  auto second = FlagLists::LoadDirectory(dir_, &*first);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->Find("a")->size(), 2u);
  EXPECT_EQ(second->Find("b"), nullptr);
}

TEST_F(FlagListsTest, KeepPreviousOnLineErrorsIsAnOption) {
  Write("a.txt", "one.example\n");
  auto first = FlagLists::LoadDirectory(dir_);
  ASSERT_TRUE(first.ok());
  Write("a.txt", "one.example\ntwo.example\njunk junk\n");
  ListLoadOptions options;
  options.keep_previous_on_line_errors = true;
  auto second = FlagLists::LoadDirectory(dir_, &*first, options);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->Find("a")->size(), 1u);
  const ListReport* report = Report(*second, "a");
  ASSERT_NE(report, nullptr);
  EXPECT_TRUE(report->kept_previous);
  EXPECT_EQ(report->errors.size(), 1u);
}

TEST_F(FlagListsTest, TwoFilesWithTheSameNameAreReported) {
  Write("dup.csv", "one.example,domain,x\n");
  Write("dup.txt", "two.example\n");
  auto lists = FlagLists::LoadDirectory(dir_);
  ASSERT_TRUE(lists.ok());
  ASSERT_EQ(lists->lists().size(), 1u);
  EXPECT_EQ(lists->Find("dup")->value(0), "one.example");
  ASSERT_EQ(lists->reports().size(), 2u);
  EXPECT_NE(lists->reports()[1].status.message().find("dup.txt ignored"), std::string::npos);
}

TEST_F(FlagListsTest, AMissingDirectoryIsAnError) {
  auto lists = FlagLists::LoadDirectory(dir_ / "nope");
  ASSERT_FALSE(lists.ok());
  EXPECT_EQ(lists.status().code(), Status::Code::kNotFound);
}

TEST(ExampleListsTest, ExampleListsLoadWithoutErrors) {
  auto lists = FlagLists::LoadDirectory(PW_EXAMPLE_LISTS_DIR);
  ASSERT_TRUE(lists.ok()) << lists.status().ToString();
  for (const ListReport& report : lists->reports()) {
    EXPECT_TRUE(report.errors.empty()) << report.errors[0].ToString();
    EXPECT_GT(report.entries, 0u) << report.name;
  }
  const auto demo = lists->Find("demo");
  ASSERT_NE(demo, nullptr);
  EXPECT_EQ(demo->value(0), "flagged-one.example");
}

}  // namespace
}  // namespace postwatch
