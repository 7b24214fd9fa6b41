#include "links/url_normalizer.h"

#include <gtest/gtest.h>

#include <string>

namespace postwatch {
namespace {

struct NormalizeCase {
  const char* raw;
  const char* expected;
};

TEST(UrlNormalizerTest, NormalizesTheFormsPeopleShare) {
  const NormalizeCase cases[] = {
      {"HTTP://Example.COM/", "http://example.com/"},
      {"https://example.com", "https://example.com/"},
      {"example.com/x", "http://example.com/x"},
      {"www.example.com", "http://www.example.com/"},
      {"//example.com/a", "http://example.com/a"},
      {"example.com:8080/x", "http://example.com:8080/x"},
      {"http://example.com:80/a", "http://example.com/a"},
      {"https://example.com:443/a", "https://example.com/a"},
      {"https://example.com:80/a", "https://example.com:80/a"},
      {"http://example.com/a#section", "http://example.com/a"},
      {"http://example.com/a/./b/../c", "http://example.com/a/c"},
      {"http://example.com/%7euser/%2d%41", "http://example.com/~user/-A"},
      {"http://example.com/a%2fb%3f", "http://example.com/a%2Fb%3F"},
      {"http://example.com/a b", "http://example.com/a%20b"},
      {"http://example.com/100%", "http://example.com/100%25"},
      {"http://example.com/%zz", "http://example.com/%25zz"},
      {"http://example.com/caf\xC3\xA9", "http://example.com/caf%C3%A9"},
      {"http://bücher.example/", "http://xn--bcher-kva.example/"},
      {"http://BÜCHER.example/", "http://xn--bcher-kva.example/"},
      {"http://example.com./x", "http://example.com/x"},
      {"http://user:secret@example.com/x", "http://example.com/x"},
      {"http://0x7f.1/", "http://127.0.0.1/"},
      {"http://2130706433/", "http://127.0.0.1/"},
      {"http://[0:0::1]:8080/", "http://[::1]:8080/"},
      {"  http://example.com/\n", "http://example.com/"},
      {"http://exa\tmple.com/", "http://example.com/"},
      {"http:\\\\example.com\\a\\b", "http://example.com/a/b"},
      {"http://example.com/?utm_source=x&id=1&utm_medium=y", "http://example.com/?id=1"},
      {"http://example.com/?b=2&fbclid=abc&a=1", "http://example.com/?b=2&a=1"},
      {"http://example.com/?gclid=1&igshid=2&si=3&mc_eid=4", "http://example.com/"},
      {"http://example.com/?UTM_Campaign=x&z=1", "http://example.com/?z=1"},
      {"http://example.com/?a=1&&b=2&", "http://example.com/?a=1&b=2"},
      {"http://example.com/?q=a b", "http://example.com/?q=a%20b"},
      {"http://example.com/?", "http://example.com/"},
      // Browsers ignore extra slashes before the host of an http(s) URL.
      {"http:///example.com/path", "http://example.com/path"},
  };
  for (const auto& c : cases) {
    auto result = NormalizeUrl(c.raw);
    ASSERT_TRUE(result.ok()) << c.raw << ": " << result.status().ToString();
    EXPECT_EQ(*result, c.expected) << "input: " << c.raw;
  }
}

TEST(UrlNormalizerTest, RejectsWhatIsNotAnHttpLink) {
  const struct {
    std::string raw;
    const char* message_part;
  } cases[] = {
      {"", "empty URL"},
      {"   ", "empty URL"},
      {"mailto:someone@example.com", "unsupported scheme 'mailto'"},
      {"javascript:alert(1)", "unsupported scheme 'javascript'"},
      {"ftp://example.com/", "unsupported scheme 'ftp'"},
      {"http://", "no host"},
      {"http://:80/path", "no host"},
      {"http://user@/path", "no host"},
      {"http://exa mple.com/", "forbidden character"},
      {"http://example.com:99999/", "invalid"},
      {"http://example.com:8o/", "invalid port"},
      {"http://256.256.256.256/", "IPv4"},
      {"http://[1::2::3]/", "IPv6"},
      {"http://xn--a.example\xFF/", "IDN"},
      {"http://" + std::string(300, 'a') + ".example/", "too long"},
      // Found by the fuzzer: a host IDNA maps to nothing, and a host ending in two dots.
      {"http://\xC2\xAD/", "empty"},
      {"http://example..//x", "empty label"},
      {"http://example.com/" + std::string(5000, 'a'), "longer than 4096 bytes"},
  };
  for (const auto& c : cases) {
    auto result = NormalizeUrl(c.raw);
    ASSERT_FALSE(result.ok()) << c.raw.substr(0, 80) << " gave " << *result;
    EXPECT_NE(result.status().message().find(c.message_part), std::string::npos)
        << c.raw.substr(0, 80) << ": " << result.status().message();
  }
}

TEST(UrlNormalizerTest, ExtraTrackingParametersAreRemoved) {
  NormalizeOptions options;
  options.extra_tracking_params = {"ref", "Campaign_ID"};
  auto result = NormalizeUrl("https://example.com/p?ref=home&campaign_id=9&id=3", options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, "https://example.com/p?id=3");
}

TEST(UrlNormalizerTest, MaxLengthIsConfigurable) {
  NormalizeOptions options;
  options.max_length = 30;
  EXPECT_TRUE(NormalizeUrl("http://example.com/short", options).ok());
  EXPECT_FALSE(NormalizeUrl("http://example.com/a-rather-long-path", options).ok());
}

TEST(UrlNormalizerTest, SplitsANormalizedUrlIntoItsParts) {
  const auto view = SplitNormalizedUrl("https://example.com:8443/a/b?x=1");
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->scheme, "https");
  EXPECT_EQ(view->host, "example.com");
  EXPECT_EQ(view->authority, "example.com:8443");
  EXPECT_EQ(view->path, "/a/b");
  EXPECT_EQ(view->query, "x=1");
  EXPECT_EQ(SplitNormalizedUrl("[::1]:80/").has_value(), false);
}

}  // namespace
}  // namespace postwatch
