#include "links/url_unwrapper.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace postwatch {
namespace {

struct UnwrapCase {
  const char* raw;
  const char* final_url;
};

TEST(UrlUnwrapperTest, UnwrapsKnownRedirectWrappers) {
  const UnwrapCase cases[] = {
      {"https://l.facebook.com/l.php?u=https%3A%2F%2Fbad.example%2Fstory%3Fid%3D7&h=AT0x&s=1",
       "https://bad.example/story?id=7"},
      {"https://lm.facebook.com/l.php?u=http%3A%2F%2Fbad.example%2F", "http://bad.example/"},
      {"https://www.youtube.com/redirect?event=video_description&redir_token=x&q=https%3A%2F%2Fbad."
       "example%2Fv",
       "https://bad.example/v"},
      {"https://www.google.com/url?q=https://bad.example/a&sa=D", "https://bad.example/a"},
      {"https://www.google.com/url?rct=j&sa=t&url=https://news.example/2019/07/x.html&ct=ga",
       "https://news.example/2019/07/x.html"},
      {"https://www.google.co.uk/url?url=https%3A%2F%2Fbad.example%2F", "https://bad.example/"},
      {"https://www.google.com/amp/s/bad.example/amp/story", "https://bad.example/amp/story"},
      {"https://t.umblr.com/redirect?z=https%3A%2F%2Fbad.example%2Ft&t=abc",
       "https://bad.example/t"},
      {"https://href.li/?https://bad.example/h", "https://bad.example/h"},
      {"https://out.reddit.com/t3_abc?url=https%3A%2F%2Fbad.example%2Fr&token=x",
       "https://bad.example/r"},
      {"https://vk.com/away.php?to=https%3A%2F%2Fbad.example%2Fvk&cc_key=",
       "https://bad.example/vk"},
      {"https://l.instagram.com/?u=https%3A%2F%2Fbad.example%2Fig&e=x", "https://bad.example/ig"},
      {"https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fbad.example%2F&data=x",
       "https://bad.example/"},
      // The target's own tracking parameters are removed once it is unwrapped.
      {"https://l.facebook.com/l.php?u=https%3A%2F%2Fbad.example%2F%3Futm_source%3Dfb%26p%3D1",
       "https://bad.example/?p=1"},
  };
  for (const auto& c : cases) {
    auto chain = UnwrapUrl(c.raw, {});
    ASSERT_TRUE(chain.ok()) << c.raw << ": " << chain.status().ToString();
    ASSERT_EQ(chain->size(), 2u) << c.raw;
    EXPECT_EQ(chain->back(), c.final_url) << c.raw;
  }
}

TEST(UrlUnwrapperTest, LeavesOrdinaryLinksAlone) {
  const char* cases[] = {
      "https://www.google.com/search?q=https://bad.example/",
      "https://www.facebook.com/some.page/posts/1",
      "https://www.youtube.com/watch?v=abc",
      "https://l.facebook.com/l.php",  // no target
      "https://notgoogle.com/url?q=https://bad.example/",
      "https://google.evil.example.com/url?q=https://bad.example/",
  };
  for (const char* raw : cases) {
    auto chain = UnwrapUrl(raw, {});
    ASSERT_TRUE(chain.ok()) << raw;
    EXPECT_EQ(chain->size(), 1u) << raw << " unwrapped to " << chain->back();
  }
}

TEST(UrlUnwrapperTest, NestedWrappersAreUnwrappedInOrder) {
  const std::string raw =
      "https://l.facebook.com/l.php?u="
      "https%3A%2F%2Fwww.google.com%2Furl%3Fq%3D"
      "https%253A%252F%252Fbad.example%252Fdeep";
  auto chain = UnwrapUrl(raw, {});
  ASSERT_TRUE(chain.ok());
  const std::vector<std::string> expected = {
      "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.google.com%2Furl%3Fq%3Dhttps%253A%252F%"
      "252Fbad.example%252Fdeep",
      "https://www.google.com/url?q=https%3A%2F%2Fbad.example%2Fdeep",
      "https://bad.example/deep",
  };
  EXPECT_EQ(*chain, expected);
}

TEST(UrlUnwrapperTest, DepthIsLimited) {
  std::string url = "https://bad.example/end";
  for (int i = 0; i < 8; ++i) url = "https://href.li/?" + url;
  auto chain = UnwrapUrl(url, {}, 5);
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(chain->size(), 6u);
  EXPECT_NE(chain->back(), "https://bad.example/end");
}

TEST(UrlUnwrapperTest, AnUnusableTargetEndsTheChainAtTheWrapper) {
  auto chain = UnwrapUrl("https://l.facebook.com/l.php?u=javascript%3Aalert(1)", {});
  ASSERT_TRUE(chain.ok());
  ASSERT_EQ(chain->size(), 1u);
  EXPECT_EQ(chain->front(), "https://l.facebook.com/l.php?u=javascript%3Aalert(1)");
}

TEST(UrlUnwrapperTest, AWrapperPointingAtItselfStops) {
  auto chain = UnwrapUrl("https://href.li/?https://href.li/", {});
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(chain->size(), 2u);
}

}  // namespace
}  // namespace postwatch
