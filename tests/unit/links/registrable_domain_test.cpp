#include "links/registrable_domain.h"

#include <gtest/gtest.h>

namespace postwatch {
namespace {

TEST(RegistrableDomainTest, IsTheDomainBelowThePublicSuffix) {
  const struct {
    const char* host;
    const char* registrable;
  } cases[] = {
      {"news.bbc.co.uk", "bbc.co.uk"},      {"bbc.co.uk", "bbc.co.uk"},
      {"www.example.com", "example.com"},   {"a.b.flagged-one.example", "flagged-one.example"},
      {"user.github.io", "user.github.io"}, {"127.0.0.1", "127.0.0.1"},
  };
  for (const auto& c : cases) EXPECT_EQ(RegistrableDomain(c.host), c.registrable) << c.host;
}

TEST(RegistrableDomainTest, PublicSuffixesAreRecognised) {
  EXPECT_TRUE(IsPublicSuffix("com"));
  EXPECT_TRUE(IsPublicSuffix("co.uk"));
  EXPECT_TRUE(IsPublicSuffix("github.io"));
  EXPECT_FALSE(IsPublicSuffix("example.com"));
  EXPECT_FALSE(IsPublicSuffix("flagged-one.example"));
}

}  // namespace
}  // namespace postwatch
