#include "links/flag_list.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace postwatch {
namespace {

using Entry = std::pair<FlagEntryKind, std::string>;

std::vector<Entry> Entries(const FlagList& list) {
  std::vector<Entry> entries;
  for (size_t i = 0; i < list.size(); ++i) {
    entries.emplace_back(list.kind(i), std::string(list.value(i)));
  }
  return entries;
}

std::vector<std::string> Errors(const FlagList& list) {
  std::vector<std::string> errors;
  for (const ListError& error : list.errors()) errors.push_back(error.ToString());
  return errors;
}

TEST(FlagListTest, PlainLinesAreDomainsOrUrlPrefixes) {
  const FlagList list = FlagList::Parse("scam", "lists/scam.txt",
                                        "# scam sites\n"
                                        "\n"
                                        "Bad.Example\n"
                                        "*.wild.example\n"
                                        "  spaced.example  # trailing comment\r\n"
                                        "bücher.example\n"
                                        "https://news.example/fake/\n"
                                        "other.example/path\n",
                                        0);
  const std::vector<Entry> expected = {
      {FlagEntryKind::kDomain, "bad.example"},
      {FlagEntryKind::kDomain, "wild.example"},
      {FlagEntryKind::kDomain, "spaced.example"},
      {FlagEntryKind::kDomain, "xn--bcher-kva.example"},
      {FlagEntryKind::kUrlPrefix, "https://news.example/fake/"},
      {FlagEntryKind::kUrlPrefix, "http://other.example/path"},
  };
  EXPECT_EQ(Entries(list), expected);
  EXPECT_TRUE(list.errors().empty()) << Errors(list)[0];
}

TEST(FlagListTest, HostsFileLinesGiveEveryHostName) {
  const FlagList list = FlagList::Parse("hosts", "h.hosts",
                                        "127.0.0.1 localhost\n"
                                        "::1 ip6-localhost ip6-loopback\n"
                                        "0.0.0.0 ads.example tracker.example # two hosts\n"
                                        "127.0.0.1\tmalware.example\n",
                                        0);
  const std::vector<Entry> expected = {
      {FlagEntryKind::kDomain, "ads.example"},
      {FlagEntryKind::kDomain, "tracker.example"},
      {FlagEntryKind::kDomain, "malware.example"},
  };
  EXPECT_EQ(Entries(list), expected);
  EXPECT_TRUE(list.errors().empty());
}

TEST(FlagListTest, CsvLinesCarryKindAndCategory) {
  const FlagList list = FlagList::Parse("campaign", "campaign.csv",
                                        "value,kind,category\n"
                                        "bad.example,domain,scam\n"
                                        "https://news.example/op/,prefix,\"propaganda, state\"\n"
                                        "https://news.example/a?id=1,url,propaganda\n"
                                        "plain.example\n",
                                        0);
  const std::vector<Entry> expected = {
      {FlagEntryKind::kDomain, "bad.example"},
      {FlagEntryKind::kUrlPrefix, "https://news.example/op/"},
      {FlagEntryKind::kExactUrl, "https://news.example/a?id=1"},
      {FlagEntryKind::kDomain, "plain.example"},
  };
  EXPECT_EQ(Entries(list), expected);
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list.category(0), "scam");
  EXPECT_EQ(list.category(1), "propaganda, state");
  EXPECT_EQ(list.category(3), "");
  EXPECT_TRUE(list.errors().empty());
}

TEST(FlagListTest, CsvLinesInAPlainFileAreRecognisedByTheirKind) {
  const FlagList list = FlagList::Parse("mixed", "mixed.txt",
                                        "bad.example,domain,scam\n"
                                        "https://news.example/a,b\n",
                                        0);
  const std::vector<Entry> expected = {
      {FlagEntryKind::kDomain, "bad.example"},
      {FlagEntryKind::kUrlPrefix, "https://news.example/a,b"},
  };
  EXPECT_EQ(Entries(list), expected);
}

TEST(FlagListTest, JunkLinesAreReportedWithFileAndLineAndSkipped) {
  const FlagList list = FlagList::Parse("junk", "lists/junk.csv",
                                        "value,kind,category\n"       // 1: header
                                        "good.example,domain,x\n"     // 2
                                        "bad..example,domain,x\n"     // 3
                                        "x.example,colour,x\n"        // 4
                                        "a,b,c,d\n"                   // 5
                                        "co.uk,domain,x\n"            // 6
                                        "localhost,domain,x\n"        // 7
                                        "mailto:x@example.com,url\n"  // 8
                                        ",domain\n"                   // 9
                                        "also-good.example\n",        // 10
                                        0);
  const std::vector<Entry> expected = {
      {FlagEntryKind::kDomain, "good.example"},
      {FlagEntryKind::kDomain, "also-good.example"},
  };
  EXPECT_EQ(Entries(list), expected);
  const std::vector<std::string> errors = Errors(list);
  ASSERT_EQ(errors.size(), 7u);
  EXPECT_EQ(errors[0].rfind("lists/junk.csv:3: invalid domain 'bad..example'", 0), 0u) << errors[0];
  EXPECT_EQ(errors[1], "lists/junk.csv:4: unknown kind 'colour' (expected domain, prefix or url)");
  EXPECT_EQ(errors[2], "lists/junk.csv:5: expected value,kind,category but found 4 fields");
  EXPECT_EQ(errors[3],
            "lists/junk.csv:6: domain 'co.uk' is a public suffix; it would flag every site under "
            "it");
  EXPECT_EQ(errors[4], "lists/junk.csv:7: domain 'localhost' has a single label");
  EXPECT_EQ(errors[5].rfind("lists/junk.csv:8: invalid URL 'mailto:x@example.com'", 0), 0u)
      << errors[5];
  EXPECT_EQ(errors[6], "lists/junk.csv:9: empty value");
}

TEST(FlagListTest, JunkInPlainAndHostsLinesIsReported) {
  const FlagList list = FlagList::Parse("p", "p.txt",
                                        "two words\n"
                                        "0.0.0.0\n"
                                        "0.0.0.0 exa<mple.example ok.example\n"
                                        "\xFF\xFE.example\n",
                                        0);
  const std::vector<Entry> expected = {{FlagEntryKind::kDomain, "ok.example"}};
  EXPECT_EQ(Entries(list), expected);
  const std::vector<std::string> errors = Errors(list);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].rfind("p.txt:1: unexpected text after 'two'", 0), 0u) << errors[0];
  EXPECT_EQ(errors[1], "p.txt:2: hosts-file line without a host name");
  EXPECT_EQ(errors[2].rfind("p.txt:3: invalid domain 'exa<mple.example'", 0), 0u) << errors[2];
  EXPECT_EQ(errors[3].rfind("p.txt:4: invalid domain", 0), 0u) << errors[3];
}

}  // namespace
}  // namespace postwatch
