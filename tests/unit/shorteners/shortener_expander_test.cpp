// ShortenerExpander against a scripted fetcher and a real SQLite file.
#include "shorteners/shortener_expander.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "links/flag_lists.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace postwatch {
namespace {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pw_shorteners.XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Waits until `condition` holds. The limit only keeps a broken build from hanging.
bool WaitUntil(const std::function<bool()>& condition) {
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > limit) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

FetchResponse Redirect(int status, std::string location) {
  FetchResponse response;
  response.status = status;
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

FetchResponse Answer(int status) {
  FetchResponse response;
  response.status = status;
  return response;
}

// Answers "METHOD url" from a script (each key's answers in turn, the last one repeating)
// and records what was asked. Unknown requests get 404. Answers at once, or holds them
// until Release() when hold() is set.
class ScriptedFetcher {
 public:
  void Script(const std::string& key, std::vector<FetchResponse> answers) {
    std::lock_guard lock(mu_);
    script_[key] = std::move(answers);
  }
  void Hold() {
    std::lock_guard lock(mu_);
    hold_ = true;
  }
  // Answers every held request.
  void Release() {
    std::vector<std::function<void()>> held;
    {
      std::lock_guard lock(mu_);
      held.swap(held_);
      hold_ = false;
    }
    for (auto& answer : held) answer();
  }
  std::vector<std::string> asked() {
    std::lock_guard lock(mu_);
    return asked_;
  }
  size_t held() {
    std::lock_guard lock(mu_);
    return held_.size();
  }

  ShortenerExpander::SubmitFetch Submit() {
    return [this](FetchRequest request, FetchEngine::Done done) {
      std::function<void()> answer;
      {
        std::lock_guard lock(mu_);
        const std::string key = request.method + " " + request.url;
        asked_.push_back(key);
        FetchResponse response = Answer(404);
        auto it = script_.find(key);
        if (it != script_.end() && !it->second.empty()) {
          response = it->second.front();
          if (it->second.size() > 1) it->second.erase(it->second.begin());
        }
        answer = [done = std::move(done), response]() mutable { done(std::move(response)); };
        if (hold_) {
          held_.push_back(std::move(answer));
          return;
        }
      }
      answer();
    };
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::vector<FetchResponse>> script_;
  std::vector<std::string> asked_;
  bool hold_ = false;
  std::vector<std::function<void()>> held_;
};

std::shared_ptr<const FlagMatcher> ScamMatcher() {
  std::vector<std::shared_ptr<const FlagList>> lists;
  lists.push_back(
      std::make_shared<const FlagList>(FlagList::Parse("scam", "scam.txt", "bad.example\n", 0)));
  return FlagMatcher::Build(FlagLists::FromLists(std::move(lists)));
}

ShortenerExpanderOptions QuickOptions() {
  ShortenerExpanderOptions options;
  options.per_host = {.per_second = 1000.0, .burst = 100.0};
  options.reapply_delays_ms = {};
  return options;
}

class ShortenerExpanderTest : public ::testing::Test {
 protected:
  // bit.ly/abc -> t.co/x -> www.bad.example/story?utm_source=x (200).
  void ScriptTwoHops() {
    fetcher_.Script("HEAD https://bit.ly/abc", {Redirect(301, "https://t.co/x")});
    fetcher_.Script("HEAD https://t.co/x",
                    {Redirect(302, "https://www.bad.example/story?utm_source=x")});
    fetcher_.Script("HEAD https://www.bad.example/story?utm_source=x", {Answer(200)});
  }

  std::shared_ptr<ShortenerExpander> Expander(ShortenerExpanderOptions options, bool with_db) {
    std::unique_ptr<ShortenerCache> cache;
    if (with_db) {
      Result<std::unique_ptr<ShortenerCache>> opened = ShortenerCache::Open(DbPath());
      EXPECT_TRUE(opened.ok()) << opened.status().ToString();
      if (opened.ok()) cache = std::move(*opened);
    }
    auto expander = std::make_shared<ShortenerExpander>(std::move(options), fetcher_.Submit(),
                                                        std::move(cache));
    expander->SetMatcher(ScamMatcher());
    expander->SetHitsCallback([this](const std::vector<AddedFlagHit>& hits) {
      std::lock_guard lock(mu_);
      hits_.insert(hits_.end(), hits.begin(), hits.end());
    });
    return expander;
  }

  std::string DbPath() const { return dir_.File("pw.db"); }

  // Creates the database and stores posts holding `short_url`, one per id.
  void StorePosts(const std::vector<std::string>& ids, const std::string& short_url) {
    StoreOptions options;
    options.path = DbPath();
    Result<std::unique_ptr<Store>> store = Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    AccountSpec spec;
    spec.platform = "web";
    spec.registered = "https://a.example/feed";
    Result<int64_t> account = (*store)->AddAccount(spec);
    ASSERT_TRUE(account.ok()) << account.status().ToString();
    PollRecord record;
    record.account_id = *account;
    record.plugin = "web";
    record.success = true;
    for (const std::string& id : ids) {
      StoredPost stored;
      stored.post.id = id;
      stored.links.push_back(PostLink{short_url, short_url, "bit.ly", {}});
      record.posts.push_back(std::move(stored));
    }
    ASSERT_TRUE((*store)->Submit(std::move(record)).ok());
    (*store)->Stop();
  }

  void CreateEmptyDb() {
    StoreOptions options;
    options.path = DbPath();
    ASSERT_TRUE(Store::Open(options).ok());
  }

  // Rows of "normalized chain" of the links table and the number of flag hits.
  std::vector<std::string> LinkRows() {
    auto db = SqliteDb::Open(DbPath(), {.read_only = true});
    EXPECT_TRUE(db.ok());
    std::vector<std::string> rows;
    auto stmt = (*db)->Prepare("SELECT normalized, chain FROM links ORDER BY id");
    while (stmt.ok() && stmt->Step().value()) {
      rows.push_back(stmt->ColumnText(0) + " " + stmt->ColumnText(1));
    }
    return rows;
  }
  int64_t FlagHitRows() {
    auto db = SqliteDb::Open(DbPath(), {.read_only = true});
    return db.ok() ? (*db)->QueryInt("SELECT count(*) FROM flag_hits").value() : -1;
  }

  std::vector<AddedFlagHit> hits() {
    std::lock_guard lock(mu_);
    return hits_;
  }

  TempDir dir_;
  ScriptedFetcher fetcher_;
  std::mutex mu_;
  std::vector<AddedFlagHit> hits_;
};

const std::vector<std::string> kTwoHops = {"https://t.co/x", "https://www.bad.example/story"};

TEST_F(ShortenerExpanderTest, EveryHopIsRequestedAndTheNormalisedChainIsCached) {
  ScriptTwoHops();
  auto expander = Expander(QuickOptions(), false);
  ASSERT_TRUE(expander->Start().ok());
  EXPECT_FALSE(expander->Cached("https://bit.ly/abc").has_value());
  expander->RequestExpansion("https://bit.ly/abc");
  ASSERT_TRUE(WaitUntil([&] { return expander->Cached("https://bit.ly/abc").has_value(); }));
  EXPECT_EQ(*expander->Cached("https://bit.ly/abc"), kTwoHops);
  EXPECT_EQ(fetcher_.asked(),
            (std::vector<std::string>{"HEAD https://bit.ly/abc", "HEAD https://t.co/x",
                                      "HEAD https://www.bad.example/story?utm_source=x"}));
}

TEST_F(ShortenerExpanderTest, AShortenerRefusingHeadIsAskedWithGet) {
  fetcher_.Script("HEAD https://bit.ly/abc", {Answer(405)});
  fetcher_.Script("GET https://bit.ly/abc", {Redirect(301, "https://example.org/")});
  fetcher_.Script("HEAD https://example.org/", {Answer(200)});
  auto expander = Expander(QuickOptions(), false);
  ASSERT_TRUE(expander->Start().ok());
  expander->RequestExpansion("https://bit.ly/abc");
  ASSERT_TRUE(WaitUntil([&] { return expander->Cached("https://bit.ly/abc").has_value(); }));
  EXPECT_EQ(*expander->Cached("https://bit.ly/abc"),
            std::vector<std::string>{"https://example.org/"});
}

TEST_F(ShortenerExpanderTest, ARedirectChainStopsAfterMaxHops) {
  for (int i = 0; i < 10; ++i) {
    fetcher_.Script("HEAD https://bit.ly/" + std::to_string(i),
                    {Redirect(301, "https://bit.ly/" + std::to_string(i + 1))});
  }
  auto expander = Expander(QuickOptions(), false);
  ASSERT_TRUE(expander->Start().ok());
  expander->RequestExpansion("https://bit.ly/0");
  ASSERT_TRUE(WaitUntil([&] { return expander->Cached("https://bit.ly/0").has_value(); }));
  EXPECT_EQ(expander->Cached("https://bit.ly/0")->size(), 5u);
  EXPECT_EQ(expander->Cached("https://bit.ly/0")->back(), "https://bit.ly/5");
  EXPECT_EQ(fetcher_.asked().size(), 5u);
}

TEST_F(ShortenerExpanderTest, AFailedExpansionIsNotRetriedBeforeItsBackoffHasPassed) {
  fetcher_.Script("HEAD https://bit.ly/abc", {Answer(503)});
  auto expander = Expander(QuickOptions(), false);
  ASSERT_TRUE(expander->Start().ok());
  expander->RequestExpansion("https://bit.ly/abc");
  ASSERT_TRUE(WaitUntil([&] { return expander->GetStats().failed == 1; }));
  EXPECT_FALSE(expander->Cached("https://bit.ly/abc").has_value());
  expander->RequestExpansion("https://bit.ly/abc");
  ASSERT_TRUE(WaitUntil([&] { return expander->GetStats().queued == 0; }));
  EXPECT_EQ(fetcher_.asked().size(), 1u);
}

TEST_F(ShortenerExpanderTest, AFailedExpansionIsRetriedLaterAndThenSucceeds) {
  fetcher_.Script("HEAD https://bit.ly/abc", {Answer(503), Redirect(301, "https://example.org/a")});
  fetcher_.Script("HEAD https://example.org/a", {Answer(200)});
  ShortenerExpanderOptions options = QuickOptions();
  options.failure_ttl_ms = 1;
  auto expander = Expander(options, false);
  ASSERT_TRUE(expander->Start().ok());
  expander->RequestExpansion("https://bit.ly/abc");
  ASSERT_TRUE(WaitUntil([&] { return expander->GetStats().failed == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // let the 1 ms backoff pass
  expander->RequestExpansion("https://bit.ly/abc");
  ASSERT_TRUE(WaitUntil([&] { return expander->Cached("https://bit.ly/abc").has_value(); }));
  EXPECT_EQ(*expander->Cached("https://bit.ly/abc"),
            std::vector<std::string>{"https://example.org/a"});
}

TEST_F(ShortenerExpanderTest, AnUnreachableDestinationStillCountsAsWhereTheLinkLeads) {
  fetcher_.Script("HEAD https://bit.ly/abc", {Redirect(301, "https://gone.example/")});
  FetchResponse unreachable;
  unreachable.error = FetchError::kNetwork;
  unreachable.error_message = "could not resolve host";
  fetcher_.Script("HEAD https://gone.example/", {unreachable});
  auto expander = Expander(QuickOptions(), false);
  ASSERT_TRUE(expander->Start().ok());
  expander->RequestExpansion("https://bit.ly/abc");
  ASSERT_TRUE(WaitUntil([&] { return expander->Cached("https://bit.ly/abc").has_value(); }));
  EXPECT_EQ(*expander->Cached("https://bit.ly/abc"),
            std::vector<std::string>{"https://gone.example/"});
}

TEST_F(ShortenerExpanderTest, RequestsBeyondTheQueueBoundAreDroppedNotBlocked) {
  ShortenerExpanderOptions options = QuickOptions();
  options.max_queued = 2;
  auto expander = Expander(options, false);  // not started: nothing leaves the queue
  expander->RequestExpansion("https://bit.ly/1");
  expander->RequestExpansion("https://bit.ly/2");
  expander->RequestExpansion("https://bit.ly/2");  // already queued: not a new request
  expander->RequestExpansion("https://bit.ly/3");
  EXPECT_EQ(expander->GetStats().queued, 2u);
  EXPECT_EQ(expander->GetStats().dropped, 1u);
}

TEST_F(ShortenerExpanderTest, LinksStoredBeforeStartAreExpandedByTheSweepAndFlagged) {
  StorePosts({"p1", "p2"}, "https://bit.ly/abc");
  ScriptTwoHops();
  auto expander = Expander(QuickOptions(), true);
  ASSERT_TRUE(expander->Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return hits().size() == 2; }));
  EXPECT_EQ(hits()[0].list, "scam");
  EXPECT_EQ(hits()[0].plugin, "web");
  const std::string expanded =
      "https://www.bad.example/story "
      R"(["https://bit.ly/abc","https://t.co/x","https://www.bad.example/story"])";
  EXPECT_EQ(LinkRows(), (std::vector<std::string>{expanded, expanded}));
  EXPECT_EQ(FlagHitRows(), 2);
}

TEST_F(ShortenerExpanderTest, ALinkStoredAfterItsExpansionFinishedIsFlaggedOnce) {
  CreateEmptyDb();
  ScriptTwoHops();
  ShortenerExpanderOptions options = QuickOptions();
  options.reapply_delays_ms = {300, 1000, 3000, 10000, 25000};
  auto expander = Expander(options, true);
  ASSERT_TRUE(expander->Start().ok());
  // The poll that found the link asks for its expansion, which finishes before the poll is
  // committed.
  expander->RequestExpansion("https://bit.ly/abc");
  ASSERT_TRUE(WaitUntil([&] { return expander->Cached("https://bit.ly/abc").has_value(); }));
  StorePosts({"p1"}, "https://bit.ly/abc");
  ASSERT_TRUE(WaitUntil([&] { return !hits().empty(); }));
  // Asking again applies the cached expansion to the stored links again: nothing new.
  expander->RequestExpansion("https://bit.ly/abc");
  ASSERT_TRUE(WaitUntil([&] { return expander->GetStats().queued == 0; }));
  expander->Stop();
  EXPECT_EQ(hits().size(), 1u);
  EXPECT_EQ(FlagHitRows(), 1);
}

TEST_F(ShortenerExpanderTest, ExpansionsSurviveARestartInTheTable) {
  CreateEmptyDb();
  ScriptTwoHops();
  {
    auto first = Expander(QuickOptions(), true);
    ASSERT_TRUE(first->Start().ok());
    first->RequestExpansion("https://bit.ly/abc");
    ASSERT_TRUE(WaitUntil([&] { return first->Cached("https://bit.ly/abc").has_value(); }));
  }
  const size_t asked = fetcher_.asked().size();
  auto second = Expander(QuickOptions(), true);
  EXPECT_EQ(second->Cached("https://bit.ly/abc"), kTwoHops);
  EXPECT_EQ(fetcher_.asked().size(), asked);
}

TEST_F(ShortenerExpanderTest, RequestsWaitForTheirHostsRateLimit) {
  fetcher_.Hold();
  ShortenerExpanderOptions options = QuickOptions();
  options.per_host = {.per_second = 0.01, .burst = 2.0};  // two now, the third in 100 s
  auto expander = Expander(options, false);
  ASSERT_TRUE(expander->Start().ok());
  for (const char* url :
       {"https://bit.ly/1", "https://bit.ly/2", "https://bit.ly/3", "https://t.co/1"}) {
    expander->RequestExpansion(url);
  }
  ASSERT_TRUE(WaitUntil([&] { return fetcher_.held() == 3; }));
  std::vector<std::string> asked = fetcher_.asked();
  std::sort(asked.begin(), asked.end());
  EXPECT_EQ(asked, (std::vector<std::string>{"HEAD https://bit.ly/1", "HEAD https://bit.ly/2",
                                             "HEAD https://t.co/1"}));
  expander->Stop();
  fetcher_.Release();
}

}  // namespace
}  // namespace postwatch
