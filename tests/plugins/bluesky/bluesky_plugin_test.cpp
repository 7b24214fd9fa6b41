// Drives the bluesky plugin through its pw_plugin table with synthetic fixtures in the real
// XRPC format: handle resolution, author feed pages, reposts, facets after emoji, paging at
// the cursor, rate limits and XRPC error bodies.
#include "bluesky/bluesky_plugin.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixture_files.h"
#include "protocol_host.h"

namespace postwatch::bluesky {
namespace {

using testing::PollRun;
using testing::ProtocolHost;
using testing::ProtocolPlugin;
using testing::ReadFileOrFail;
using testing::RecordedRequest;
using testing::TestAccount;
using testing::TestResponse;

constexpr const char* kDid = "did:plc:alice7xkq3mwn2ozxz4e6lrvb";
constexpr const char* kFeedUrl =
    "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3A"
    "alice7xkq3mwn2ozxz4e6lrvb&filter=posts_no_replies&limit=50";
constexpr const char* kResolveUrl =
    "https://public.api.bsky.app/xrpc/com.atproto.identity.resolveHandle?handle=alice.bsky.social";
constexpr const char* kPostPrefix = "at://did:plc:alice7xkq3mwn2ozxz4e6lrvb/app.bsky.feed.post/";

std::string Fixture(const std::string& name) {
  return ReadFileOrFail(std::string(PW_BLUESKY_FIXTURES_DIR) + "/" + name);
}

TestResponse Response(int status, const std::string& fixture, const std::string& tag,
                      const std::string& url = kFeedUrl) {
  TestResponse response;
  response.status = status;
  response.body = Fixture(fixture);
  response.tag = tag;
  response.url = url;
  return response;
}

TestResponse Page1() {
  TestResponse response = Response(200, "author_feed_page1.json", "feed");
  response.headers =
      testing::ReadHeaderFile(std::string(PW_BLUESKY_FIXTURES_DIR) + "/author_feed_page1.headers");
  return response;
}

TestAccount Account(std::string id = kDid, std::string cursor = "") {
  TestAccount account;
  account.registered = "https://bsky.app/profile/alice.bsky.social";
  account.id = std::move(id);
  account.cursor = std::move(cursor);
  return account;
}

std::vector<std::string> Ids(const ProtocolHost& host) {
  std::vector<std::string> ids;
  for (const auto& post : host.posts) ids.push_back(post.id);
  return ids;
}

TEST(BlueskyPlanTest, AHandleWithoutCanonicalIdIsResolvedFirst) {
  ProtocolPlugin plugin(BlueskyPlugin(), "{}");
  ASSERT_EQ(plugin.init_status(), PW_OK);
  ProtocolHost host;
  EXPECT_EQ(plugin.Plan(host, Account("")), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url, kResolveUrl);
  EXPECT_EQ(host.requests[0].tag, "resolve");
}

TEST(BlueskyPlanTest, AKnownOrRegisteredDidGoesStraightToTheFeed) {
  ProtocolPlugin plugin(BlueskyPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Plan(host, Account()), PW_OK);
  TestAccount by_did = Account("");
  by_did.registered = kDid;
  EXPECT_EQ(plugin.Plan(host, by_did), PW_OK);
  ASSERT_EQ(host.requests.size(), 2u);
  for (const auto& request : host.requests) {
    EXPECT_EQ(request.url, kFeedUrl);
    EXPECT_EQ(request.tag, "feed");
  }
}

TEST(BlueskyPlanTest, APostUrlIsAConfigError) {
  ProtocolPlugin plugin(BlueskyPlugin(), "{}");
  ProtocolHost host;
  TestAccount account = Account("");
  account.registered = "https://bsky.app/profile/alice.bsky.social/post/3kzabc2222222";
  EXPECT_EQ(plugin.Plan(host, account), PW_E_CONFIG);
  EXPECT_EQ(host.errors.size(), 1u);
  EXPECT_TRUE(host.requests.empty());
}

TEST(BlueskyConfigTest, BadConfigsAreRefused) {
  for (const char* config : {R"({"page_limit": 101})", R"({"max_pages": 10})", R"({"base_url": 5})",
                             R"({"cursor": "x"})"}) {
    ProtocolPlugin plugin(BlueskyPlugin(), config);
    EXPECT_EQ(plugin.init_status(), PW_E_CONFIG) << config;
  }
}

TEST(BlueskyResolveTest, ResolveHandleEmitsTheDidAndTheFirstFeedRequest) {
  ProtocolPlugin plugin(BlueskyPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(
      plugin.Parse(host, Account(""), Response(200, "resolve_handle.json", "resolve", kResolveUrl)),
      PW_OK);
  EXPECT_EQ(host.account_id.value_or("<none>"), kDid);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url, kFeedUrl);
  EXPECT_EQ(host.requests[0].tag, "feed");
}

TEST(BlueskyResolveTest, ResolveEntryPointOnlyEmitsTheDid) {
  ProtocolPlugin plugin(BlueskyPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Resolve(host, Account("")), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].tag, "identity");
  ProtocolHost parse_host;
  EXPECT_EQ(plugin.Parse(parse_host, Account(""),
                         Response(200, "resolve_handle.json", "identity", kResolveUrl)),
            PW_DONE);
  EXPECT_EQ(parse_host.account_id.value_or("<none>"), kDid);
  EXPECT_TRUE(parse_host.requests.empty());
  ProtocolHost did_host;
  TestAccount by_did = Account("");
  by_did.registered = kDid;
  EXPECT_EQ(plugin.Resolve(did_host, by_did), PW_DONE);
  EXPECT_EQ(did_host.account_id.value_or("<none>"), kDid);
}

struct ErrorCase {
  const char* name;
  int status;
  const char* fixture;
  const char* tag;
  pw_status code;
};

class BlueskyErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(BlueskyErrorTest, ErrorAnswersBecomeTypedErrors) {
  const ErrorCase& c = GetParam();
  ProtocolPlugin plugin(BlueskyPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Parse(host, Account(), Response(c.status, c.fixture, c.tag)), c.code);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_TRUE(host.posts.empty());
  EXPECT_TRUE(host.requests.empty());
  EXPECT_FALSE(host.cursor.has_value());
}

INSTANTIATE_TEST_SUITE_P(
    Answers, BlueskyErrorTest,
    ::testing::Values(
        ErrorCase{"profile_not_found_is_gone", 400, "error_profile_not_found.json", "feed",
                  PW_E_GONE},
        ErrorCase{"unresolvable_handle_is_gone", 400, "error_unable_to_resolve.json", "resolve",
                  PW_E_GONE},
        ErrorCase{"rate_limit_body_is_rate_limited", 429, "error_rate_limit.json", "feed",
                  PW_E_RATELIMITED},
        ErrorCase{"auth_missing_is_auth", 401, "error_auth_missing.json", "feed", PW_E_AUTH},
        ErrorCase{"unrecognised_400_is_parse", 400, "resolve_layout.json", "feed", PW_E_PARSE},
        ErrorCase{"feed_without_feed_array_is_layout", 200, "author_feed_layout.json", "feed",
                  PW_E_LAYOUT},
        ErrorCase{"resolve_without_did_is_layout", 200, "resolve_layout.json", "resolve",
                  PW_E_LAYOUT},
        ErrorCase{"truncated_json_is_parse", 200, "author_feed_truncated.json", "feed:2",
                  PW_E_PARSE},
        ErrorCase{"unknown_tag_is_internal", 200, "author_feed_empty.json", "statuses",
                  PW_E_INTERNAL}),
    [](const ::testing::TestParamInfo<ErrorCase>& param_info) { return param_info.param.name; });

TEST(BlueskyFeedTest, FirstPageEmitsPostsRepostsFacetLinksCardsAndTheNextPage) {
  ProtocolPlugin plugin(BlueskyPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Parse(host, Account(), Page1()), PW_OK);
  EXPECT_TRUE(host.errors.empty()) << host.errors.front();
  ASSERT_EQ(host.posts.size(), 5u);

  // Emoji (a ZWJ sequence) before the link: the facet's URI is taken whole, not the
  // shortened text at its byte offsets.
  const auto& emoji = host.posts[0];
  EXPECT_EQ(emoji.id, std::string(kPostPrefix) + "3kzabc2222222");
  EXPECT_EQ(emoji.url, "https://bsky.app/profile/alice.bsky.social/post/3kzabc2222222");
  EXPECT_EQ(emoji.published_at, 1714564800);
  EXPECT_EQ(emoji.kind, static_cast<uint32_t>(PW_POST_KIND_POST));
  EXPECT_EQ(emoji.links, std::vector<std::string>{"https://en.wikipedia.org/wiki/CBOR"});
  EXPECT_EQ(emoji.text.rfind("\xE2\x9C\xA8 Read this", 0), 0u) << emoji.text;

  EXPECT_EQ(host.posts[1].links,
            std::vector<std::string>{"https://flagged-two.example/a/b?utm_source=x"});
  EXPECT_EQ(host.posts[1].published_at, 1714561200);

  const auto& repost = host.posts[2];
  EXPECT_EQ(repost.id,
            "repost:at://did:plc:carolq2b5wzl3dd4hh6kym7a/app.bsky.feed.post/3kyzzz2222222");
  EXPECT_EQ(repost.kind, static_cast<uint32_t>(PW_POST_KIND_SHARE));
  EXPECT_EQ(repost.shared_url, "https://bsky.app/profile/carol.example.com/post/3kyzzz2222222");
  EXPECT_EQ(repost.url, repost.shared_url);
  EXPECT_EQ(repost.published_at, 1714559400);
  EXPECT_EQ(repost.links, std::vector<std::string>{"https://neutral-3.example/articles/9"});

  EXPECT_EQ(host.posts[3].links, std::vector<std::string>{"https://c.example/quoted-card"});

  const auto& invalid_handle = host.posts[4];
  EXPECT_EQ(invalid_handle.url,
            std::string("https://bsky.app/profile/") + kDid + "/post/3kzaaz2222222");
  EXPECT_TRUE(invalid_handle.links.empty());

  EXPECT_EQ(host.cursor.value_or("<none>"),
            std::string("1714564801456 ") + kPostPrefix + "3kzabc2222222");
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url, std::string(kFeedUrl) + "&cursor=2024-05-01T08%3A00%3A00.000Z");
  EXPECT_EQ(host.requests[0].tag, "feed:2");
  ASSERT_EQ(host.rate_limits.size(), 1u);
  EXPECT_EQ(host.rate_limits[0].remaining, 2990);
  EXPECT_EQ(host.rate_limits[0].limit, 3000);
  EXPECT_EQ(host.rate_limits[0].reset_at, 1714550700);
}

TEST(BlueskyFeedTest, PagingStopsAtTheCursorItemAndEmitsOnlyNewerItems) {
  ProtocolPlugin plugin(BlueskyPlugin(), "{}");
  ProtocolHost host;
  std::string cursor =
      "1714559400000 repost:at://did:plc:carolq2b5wzl3dd4hh6kym7a/app.bsky.feed.post/"
      "3kyzzz2222222";
  EXPECT_EQ(plugin.Parse(host, Account(kDid, cursor), Page1()), PW_DONE);
  EXPECT_EQ(Ids(host), (std::vector<std::string>{std::string(kPostPrefix) + "3kzabc2222222",
                                                 std::string(kPostPrefix) + "3kzabb2222222"}));
  EXPECT_TRUE(host.requests.empty());
}

TEST(BlueskyFeedTest, ALaterPageReachingTheCursorEndsThePollWithoutMovingTheCursor) {
  ProtocolPlugin plugin(BlueskyPlugin(), "{}");
  ProtocolHost host;
  std::string cursor = std::string("1714543200000 ") + kPostPrefix + "3kzaax2222222";
  EXPECT_EQ(
      plugin.Parse(host, Account(kDid, cursor), Response(200, "author_feed_page2.json", "feed:2")),
      PW_DONE);
  EXPECT_EQ(Ids(host), std::vector<std::string>{std::string(kPostPrefix) + "3kzaay2222222"});
  EXPECT_EQ(host.posts[0].links, std::vector<std::string>{"https://d.example/x"});
  EXPECT_FALSE(host.cursor.has_value());
  EXPECT_TRUE(host.requests.empty());
}

TEST(BlueskyFeedTest, AnEmptyFeedIsDoneWithNoPostsAndNoCursor) {
  ProtocolPlugin plugin(BlueskyPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Parse(host, Account(), Response(200, "author_feed_empty.json", "feed")),
            PW_DONE);
  EXPECT_TRUE(host.posts.empty());
  EXPECT_FALSE(host.cursor.has_value());
  EXPECT_TRUE(host.errors.empty());
}

TEST(BlueskyFeedTest, ARegisteredDidIsStoredAsTheCanonicalIdOnTheFirstPage) {
  ProtocolPlugin plugin(BlueskyPlugin(), "{}");
  ProtocolHost host;
  TestAccount account = Account("");
  account.registered = kDid;
  EXPECT_EQ(plugin.Parse(host, account, Response(200, "author_feed_empty.json", "feed")), PW_DONE);
  EXPECT_EQ(host.account_id.value_or("<none>"), kDid);
}

TEST(BlueskyPollTest, AWholePollResolvesPagesAndStopsAtThePreviousCursor) {
  ProtocolPlugin plugin(BlueskyPlugin(), "{}");
  ProtocolHost host;
  std::string cursor = std::string("1714543200000 ") + kPostPrefix + "3kzaax2222222";
  PollRun run = plugin.RunPoll(host, Account("", cursor), [](const RecordedRequest& request) {
    if (request.tag == "resolve") return Response(200, "resolve_handle.json", "", request.url);
    if (request.tag == "feed") return Page1();
    return Response(200, "author_feed_page2.json", "", request.url);
  });
  EXPECT_EQ(run.final_status, PW_DONE);
  ASSERT_EQ(run.requests.size(), 3u);
  EXPECT_EQ(run.requests[2].tag, "feed:2");
  EXPECT_EQ(host.account_id.value_or("<none>"), kDid);
  EXPECT_EQ(host.posts.size(), 6u);
  EXPECT_EQ(host.cursor.value_or("<none>"),
            std::string("1714564801456 ") + kPostPrefix + "3kzabc2222222");
}

}  // namespace
}  // namespace postwatch::bluesky
