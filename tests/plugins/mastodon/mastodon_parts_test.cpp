// The pieces of the mastodon plugin, table-driven: what a member may register, id order,
// Link headers and where links hide in a status's HTML.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mastodon/mastodon_account.h"
#include "mastodon/mastodon_content.h"
#include "mastodon/mastodon_statuses.h"

namespace postwatch::mastodon {
namespace {

struct HandleCase {
  const char* registered;
  const char* user;  // "" when an error is expected
  const char* instance;
};

class MastodonHandleTest : public ::testing::TestWithParam<HandleCase> {};

TEST_P(MastodonHandleTest, RegisteredTextNamesUserAndHomeInstance) {
  const HandleCase& c = GetParam();
  HandleParse parsed = ParseMastodonHandle(c.registered);
  if (std::string(c.user).empty()) {
    EXPECT_FALSE(parsed.error.empty()) << c.registered << " was accepted";
    return;
  }
  ASSERT_EQ(parsed.error, "") << c.registered;
  EXPECT_EQ(parsed.handle.user, c.user);
  EXPECT_EQ(parsed.handle.instance, c.instance);
}

INSTANTIATE_TEST_SUITE_P(
    Handles, MastodonHandleTest,
    ::testing::Values(
        HandleCase{"@alice@mastodon.social", "alice", "mastodon.social"},
        HandleCase{"  alice@Mastodon.Social ", "alice", "mastodon.social"},
        HandleCase{"https://mastodon.social/@alice", "alice", "mastodon.social"},
        HandleCase{"https://mastodon.social/@alice/", "alice", "mastodon.social"},
        HandleCase{"https://mastodon.social/@alice?tab=posts", "alice", "mastodon.social"},
        HandleCase{"https://mastodon.social/users/alice", "alice", "mastodon.social"},
        HandleCase{"https://mastodon.social/@carol@remote.example", "carol", "remote.example"},
        HandleCase{"http://127.0.0.1:8080/@acct-3", "acct-3", "127.0.0.1:8080"},
        HandleCase{"@user_name.x@sub.example.org", "user_name.x", "sub.example.org"},
        HandleCase{"alice", "", ""}, HandleCase{"@alice@", "", ""},
        HandleCase{"@@mastodon.social", "", ""}, HandleCase{"@alice@bad host", "", ""},
        HandleCase{"https://mastodon.social/about", "", ""},
        HandleCase{"https://mastodon.social/@alice/111000", "", ""},
        HandleCase{"https://evil@mastodon.social/@alice", "", ""}, HandleCase{"", "", ""}));

TEST(MastodonIdTest, LongerIdsAreNewerAndEqualLengthsCompareAsText) {
  EXPECT_GT(CompareIds("111000000000000905", "99999999999999999"), 0);
  EXPECT_LT(CompareIds("99999999999999999", "111000000000000905"), 0);
  EXPECT_GT(CompareIds("111000000000000905", "111000000000000904"), 0);
  EXPECT_EQ(CompareIds("111000000000000905", "111000000000000905"), 0);
  EXPECT_TRUE(IsValidId("AbC123"));
  EXPECT_FALSE(IsValidId("12/34"));
  EXPECT_FALSE(IsValidId(""));
}

TEST(MastodonIdTest, CanonicalIdKeepsTheInstanceAndRefusesAnotherOne) {
  MastodonHandle handle{"alice", "social.example"};
  EXPECT_EQ(CanonicalId(handle, "42"), "social.example/42");
  EXPECT_EQ(AccountIdOf("social.example/42", handle).value_or("<none>"), "42");
  EXPECT_FALSE(AccountIdOf("other.example/42", handle).has_value());
  EXPECT_FALSE(AccountIdOf("42", handle).has_value());
  EXPECT_FALSE(AccountIdOf("social.example/4 2", handle).has_value());
}

struct LinkHeaderCase {
  const char* header;
  const char* max_id;
};

class MastodonLinkHeaderTest : public ::testing::TestWithParam<LinkHeaderCase> {};

TEST_P(MastodonLinkHeaderTest, NextMaxIdComesFromTheRelNextEntry) {
  EXPECT_EQ(NextMaxId(GetParam().header), GetParam().max_id) << GetParam().header;
}

INSTANTIATE_TEST_SUITE_P(
    Headers, MastodonLinkHeaderTest,
    ::testing::Values(
        LinkHeaderCase{"<https://i.example/api/v1/accounts/1/statuses?limit=5&max_id=77>; "
                       "rel=\"next\", <https://i.example/api/v1/accounts/1/statuses?limit=5&"
                       "min_id=99>; rel=\"prev\"",
                       "77"},
        LinkHeaderCase{"<https://i.example/s?min_id=99>; rel=\"prev\", "
                       "<https://i.example/s?max_id=12&limit=40>; rel=\"next\"",
                       "12"},
        LinkHeaderCase{"<https://i.example/s?max_id=12>; rel=next", "12"},
        LinkHeaderCase{"<https://i.example/s?min_id=99>; rel=\"prev\"", ""},
        LinkHeaderCase{"<https://i.example/s?limit=5>; rel=\"next\"", ""},
        LinkHeaderCase{"<https://i.example/s?max_id=1%2F2>; rel=\"next\"", ""},
        LinkHeaderCase{"garbage", ""}, LinkHeaderCase{"", ""}));

struct ContentCase {
  const char* name;
  const char* html;
  std::vector<std::string> links;
};

class MastodonContentTest : public ::testing::TestWithParam<ContentCase> {};

TEST_P(MastodonContentTest, HrefsCountExceptMentionsAndHashtags) {
  EXPECT_EQ(ContentLinks(GetParam().html, "https://social.example/@alice/1"), GetParam().links);
}

INSTANTIATE_TEST_SUITE_P(
    Content, MastodonContentTest,
    ::testing::Values(
        ContentCase{"ellipsis_spans",
                    "<p><a href=\"https://news.example.org/2024/long-path?id=7\"><span "
                    "class=\"invisible\">https://</span><span class=\"ellipsis\">news.example."
                    "org/2024/lo</span><span class=\"invisible\">ng-path?id=7</span></a></p>",
                    {"https://news.example.org/2024/long-path?id=7"}},
        ContentCase{"mention_excluded",
                    "<p><span class=\"h-card\"><a href=\"https://o.example/@bob\" class=\"u-url "
                    "mention\">@<span>bob</span></a></span> hi</p>",
                    {}},
        ContentCase{"hashtag_class_excluded",
                    "<a href=\"https://s.example/tags/x\" class=\"mention hashtag\">#x</a>",
                    {}},
        ContentCase{"hashtag_rel_excluded",
                    "<a href=\"https://s.example/tags/x\" rel=\"nofollow tag\">#x</a>",
                    {}},
        ContentCase{"class_token_not_substring",
                    "<a href=\"https://a.example/\" class=\"mentioned\">a</a>",
                    {"https://a.example/"}},
        ContentCase{"relative_resolved_and_mailto_skipped",
                    "<a href=\"/about\">about</a> <a href=\"mailto:x@y.example\">m</a> <a "
                    "href=\"#top\">t</a>",
                    {"https://social.example/about"}},
        ContentCase{"plain_text_url_not_counted", "<p>see https://plain.example/ now</p>", {}},
        ContentCase{"broken_html_still_read",
                    "<p><a href=\"https://x.example/a\">x<p>",
                    {"https://x.example/a"}},
        ContentCase{"empty", "", {}}),
    [](const ::testing::TestParamInfo<ContentCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace postwatch::mastodon
