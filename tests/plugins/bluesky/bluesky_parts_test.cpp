// The pieces of the bluesky plugin, table-driven: what a member may register, the cursor and
// time formats, and URL building.
#include <gtest/gtest.h>

#include <string>

#include "bluesky/bluesky_actor.h"
#include "bluesky/bluesky_feed.h"

namespace postwatch::bluesky {
namespace {

struct ActorCase {
  const char* registered;
  const char* handle;  // both "" when an error is expected
  const char* did;
};

class BlueskyActorTest : public ::testing::TestWithParam<ActorCase> {};

TEST_P(BlueskyActorTest, RegisteredTextNamesAHandleOrADid) {
  const ActorCase& c = GetParam();
  ActorParse parsed = ParseActor(c.registered);
  if (std::string(c.handle).empty() && std::string(c.did).empty()) {
    EXPECT_FALSE(parsed.error.empty()) << c.registered << " was accepted";
    return;
  }
  ASSERT_EQ(parsed.error, "") << c.registered;
  EXPECT_EQ(parsed.actor.handle, c.handle);
  EXPECT_EQ(parsed.actor.did, c.did);
}

INSTANTIATE_TEST_SUITE_P(
    Actors, BlueskyActorTest,
    ::testing::Values(
        ActorCase{"alice.bsky.social", "alice.bsky.social", ""},
        ActorCase{" @Alice.Bsky.Social ", "alice.bsky.social", ""},
        ActorCase{"https://bsky.app/profile/alice.bsky.social", "alice.bsky.social", ""},
        ActorCase{"https://bsky.app/profile/alice.bsky.social/", "alice.bsky.social", ""},
        ActorCase{"https://bsky.app/profile/did:plc:abc234", "", "did:plc:abc234"},
        ActorCase{"https://bsky.app/profile/did%3Aplc%3Aabc234", "", "did:plc:abc234"},
        ActorCase{"did:plc:ewvi7nxzyoun6zhxrhs64oiz", "", "did:plc:ewvi7nxzyoun6zhxrhs64oiz"},
        ActorCase{"did:web:example.com", "", "did:web:example.com"},
        ActorCase{"at://did:plc:abc234/app.bsky.feed.post/3k", "", "did:plc:abc234"},
        ActorCase{"alice", "", ""}, ActorCase{"alice..social", "", ""},
        ActorCase{"-alice.bsky.social", "", ""}, ActorCase{"did:PLC:x", "", ""},
        ActorCase{"did:plc:", "", ""},
        ActorCase{"https://bsky.app/profile/alice.bsky.social/post/3kabc", "", ""},
        ActorCase{"https://example.com/profile/alice.bsky.social", "", ""}, ActorCase{"", "", ""}));

TEST(BlueskyCursorTest, CursorRoundTripsAndRefusesOtherText) {
  FeedCursor cursor{1714564801456, "at://did:plc:x/app.bsky.feed.post/3k"};
  std::string text = FormatFeedCursor(cursor);
  EXPECT_EQ(text, "1714564801456 at://did:plc:x/app.bsky.feed.post/3k");
  std::optional<FeedCursor> back = ParseFeedCursor(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->sort_ms, cursor.sort_ms);
  EXPECT_EQ(back->id, cursor.id);
  EXPECT_FALSE(ParseFeedCursor("").has_value());
  EXPECT_FALSE(ParseFeedCursor("2024-05-01T00:00:00Z").has_value());
  EXPECT_FALSE(ParseFeedCursor("12x at://x").has_value());
}

TEST(BlueskyTimeTest, FractionalSecondsBecomeMilliseconds) {
  EXPECT_EQ(ParseTimeMs("2024-05-01T12:00:01.456Z").value_or(0), 1714564801456);
  EXPECT_EQ(ParseTimeMs("2024-05-01T12:00:01.4Z").value_or(0), 1714564801400);
  EXPECT_EQ(ParseTimeMs("2024-05-01T12:00:01.456789Z").value_or(0), 1714564801456);
  EXPECT_EQ(ParseTimeMs("2024-05-01T12:00:01Z").value_or(0), 1714564801000);
  EXPECT_EQ(ParseTimeMs("2024-05-01T14:00:01.5+02:00").value_or(0), 1714564801500);
  EXPECT_FALSE(ParseTimeMs("yesterday").has_value());
}

TEST(BlueskyUrlTest, ActorAndCursorArePercentEncodedAndBaseUrlReplacesTheAppView) {
  BlueskyConfig config;
  EXPECT_EQ(AuthorFeedUrl(config, "did:plc:abc", "2024-05-01T08:00:00.000Z"),
            "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3Aabc&"
            "filter=posts_no_replies&limit=50&cursor=2024-05-01T08%3A00%3A00.000Z");
  config.base_url = "http://127.0.0.1:9";
  config.page_limit = 7;
  EXPECT_EQ(ResolveHandleUrl(config, "alice.bsky.social"),
            "http://127.0.0.1:9/xrpc/com.atproto.identity.resolveHandle?handle=alice.bsky.social");
  EXPECT_EQ(AuthorFeedUrl(config, "did:plc:abc", ""),
            "http://127.0.0.1:9/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3Aabc&"
            "filter=posts_no_replies&limit=7");
  EXPECT_EQ(PercentDecode("did%3Aplc%3Aabc%2"), "did:plc:abc%2");
  EXPECT_EQ(RecordKey("at://did:plc:x/app.bsky.feed.post/3kzabc"), "3kzabc");
  EXPECT_EQ(RecordKey("at://did:plc:x"), "");
}

}  // namespace
}  // namespace postwatch::bluesky
