// The shortener cache table and the late flag hits of links expanded after they were stored.
#include "store/shortener_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/store.h"
#include "store_test_util.h"

namespace postwatch {
namespace {

class ShortenerCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.path = dir_.File("pw.db");
    Result<std::unique_ptr<Store>> store = Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    Result<int64_t> account = store_->AddAccount(Spec("web", "https://a.example/feed"));
    ASSERT_TRUE(account.ok());
    account_ = *account;
    Result<std::unique_ptr<ShortenerCache>> cache = ShortenerCache::Open(options.path);
    ASSERT_TRUE(cache.ok()) << cache.status().ToString();
    cache_ = std::move(*cache);
  }

  // Stores one post with the given links through the store writer.
  void StorePost(const std::string& id, std::vector<PostLink> links) {
    PollRecord record;
    record.account_id = account_;
    record.plugin = "web";
    record.success = true;
    StoredPost stored;
    stored.post.id = id;
    stored.post.url = "https://a.example/" + id;
    stored.links = std::move(links);
    record.posts.push_back(std::move(stored));
    ASSERT_TRUE(store_->Submit(std::move(record)).ok());
  }

  void Commit() {
    store_->Stop();  // commits everything queued
  }

  // The first three columns of each row of `sql`.
  std::vector<std::vector<std::string>> Rows(const std::string& sql) {
    Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(dir_.File("pw.db"), {.read_only = true});
    EXPECT_TRUE(db.ok());
    std::vector<std::vector<std::string>> rows;
    if (!db.ok()) return rows;
    Result<Statement> stmt = (*db)->Prepare(sql);
    EXPECT_TRUE(stmt.ok()) << stmt.status().ToString();
    if (!stmt.ok()) return rows;
    while (true) {
      Result<bool> row = stmt->Step();
      if (!row.ok() || !*row) break;
      rows.push_back({stmt->ColumnText(0), stmt->ColumnText(1), stmt->ColumnText(2)});
    }
    return rows;
  }

  static PostLink ShortLink(const std::string& raw) {
    return PostLink{raw, "https://bit.ly/abc", "bit.ly", {}};
  }

  static ExpandedLinkUpdate Update() {
    ExpandedLinkUpdate update;
    update.short_url = "https://bit.ly/abc";
    update.short_host = "bit.ly";
    update.chain = {"https://bit.ly/abc", "https://t.co/x", "https://www.bad.example/story"};
    update.final_host = "www.bad.example";
    update.hits = {{"scam", "bad.example", "https://www.bad.example/story"}};
    return update;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<ShortenerCache> cache_;
  int64_t account_ = 0;
};

TEST_F(ShortenerCacheTest, AnExpansionReadsBackAsItWasPut) {
  ShortenerExpansion put;
  put.short_url = "https://bit.ly/abc";
  put.hops = {"https://t.co/x", "https://example.org/a?q=\"quoted\"\\"};
  put.ok = true;
  put.expanded_at_ms = 1000;
  put.expires_at_ms = 2000;
  ASSERT_TRUE(cache_->Put(put).ok());

  Result<std::optional<ShortenerExpansion>> got = cache_->Find("https://bit.ly/abc");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->hops, put.hops);
  EXPECT_TRUE((*got)->ok);
  EXPECT_EQ((*got)->expires_at_ms, 2000);
}

TEST_F(ShortenerCacheTest, AFailureReplacesTheEarlierRowAndKeepsItsError) {
  ShortenerExpansion failed;
  failed.short_url = "https://bit.ly/abc";
  failed.ok = false;
  failed.error = "HTTP 503";
  failed.attempts = 3;
  ASSERT_TRUE(cache_->Put(failed).ok());
  Result<std::optional<ShortenerExpansion>> got = cache_->Find("https://bit.ly/abc");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_FALSE((*got)->ok);
  EXPECT_EQ((*got)->error, "HTTP 503");
  EXPECT_EQ((*got)->attempts, 3);
  EXPECT_TRUE((*got)->hops.empty());
}

TEST_F(ShortenerCacheTest, UnknownShortLinkIsNotFound) {
  Result<std::optional<ShortenerExpansion>> got = cache_->Find("https://bit.ly/nothing");
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
}

TEST_F(ShortenerCacheTest, ExpansionUpdatesStoredLinksWithChainFinalUrlAndHits) {
  StorePost("p1", {ShortLink("https://l.facebook.com/l.php?u=https%3A%2F%2Fbit.ly%2Fabc")});
  Commit();
  ASSERT_EQ(cache_->UnexpandedLinks("bit.ly", 10).value(),
            std::vector<std::string>{"https://bit.ly/abc"});

  Result<std::vector<AddedFlagHit>> added = cache_->AddFlagHitsForExpandedLink(Update(), 5000);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  ASSERT_EQ(added->size(), 1u);
  EXPECT_EQ((*added)[0].plugin, "web");
  EXPECT_EQ((*added)[0].list, "scam");
  EXPECT_EQ((*added)[0].account_id, account_);

  auto links = Rows("SELECT raw, normalized, chain FROM links");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0][0], "https://l.facebook.com/l.php?u=https%3A%2F%2Fbit.ly%2Fabc");
  EXPECT_EQ(links[0][1], "https://www.bad.example/story");
  EXPECT_EQ(links[0][2],
            R"(["https://bit.ly/abc","https://t.co/x","https://www.bad.example/story"])");
  auto hits = Rows("SELECT list, rule, matched_url FROM flag_hits");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0],
            (std::vector<std::string>{"scam", "bad.example", "https://www.bad.example/story"}));
  EXPECT_TRUE(cache_->UnexpandedLinks("bit.ly", 10).value().empty());
}

TEST_F(ShortenerCacheTest, ApplyingTheSameExpansionTwiceAddsNothingTheSecondTime) {
  StorePost("p1", {ShortLink("https://bit.ly/abc")});
  Commit();
  ASSERT_EQ(cache_->AddFlagHitsForExpandedLink(Update(), 5000).value().size(), 1u);
  EXPECT_TRUE(cache_->AddFlagHitsForExpandedLink(Update(), 6000).value().empty());
  EXPECT_EQ(Rows("SELECT list, rule, matched_url FROM flag_hits").size(), 1u);
}

TEST_F(ShortenerCacheTest, APostAlreadyFlaggedForTheSameUrlIsNotCountedAgain) {
  PostLink direct{"https://www.bad.example/story",
                  "https://www.bad.example/story",
                  "www.bad.example",
                  {{"scam", "bad.example", "https://www.bad.example/story"}}};
  StorePost("p1", {direct, ShortLink("https://bit.ly/abc")});
  Commit();
  Result<std::vector<AddedFlagHit>> added = cache_->AddFlagHitsForExpandedLink(Update(), 5000);
  ASSERT_TRUE(added.ok());
  EXPECT_TRUE(added->empty());
  EXPECT_EQ(Rows("SELECT list, rule, matched_url FROM flag_hits").size(), 1u);
  // The short link still gets its chain, so it is not expanded again.
  EXPECT_TRUE(cache_->UnexpandedLinks("bit.ly", 10).value().empty());
}

TEST_F(ShortenerCacheTest, EveryPostWithTheShortLinkGetsItsOwnHit) {
  StorePost("p1", {ShortLink("https://bit.ly/abc")});
  StorePost("p2", {ShortLink("bit.ly/abc")});
  Commit();
  Result<std::vector<AddedFlagHit>> added = cache_->AddFlagHitsForExpandedLink(Update(), 5000);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->size(), 2u);
}

TEST_F(ShortenerCacheTest, LinksOfOtherShortLinksAreLeftAlone) {
  PostLink other{"https://bit.ly/zzz", "https://bit.ly/zzz", "bit.ly", {}};
  StorePost("p1", {other});
  Commit();
  EXPECT_TRUE(cache_->AddFlagHitsForExpandedLink(Update(), 5000).value().empty());
  EXPECT_EQ(cache_->UnexpandedLinks("bit.ly", 10).value(),
            std::vector<std::string>{"https://bit.ly/zzz"});
}

TEST(UrlListTest, EncodesAndDecodesJsonArrays) {
  const std::vector<std::string> urls = {"https://a.example/\"x\"", "https://b.example/\\"};
  Result<std::vector<std::string>> back = DecodeUrlList(EncodeUrlList(urls));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, urls);
  EXPECT_EQ(EncodeUrlList({}), "[]");
}

TEST(UrlListTest, RejectsAnythingButAnArrayOfStrings) {
  for (const char* bad : {"", "{}", "[1]", "[\"a\",", "\"a\""}) {
    EXPECT_FALSE(DecodeUrlList(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace postwatch
