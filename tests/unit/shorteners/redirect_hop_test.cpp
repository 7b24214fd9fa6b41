// What each response to a hop means: follow, retry with GET, final, or failed.
#include "shorteners/redirect_hop.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace postwatch {
namespace {

FetchResponse Response(FetchError error, int status, std::string location = "") {
  FetchResponse response;
  response.error = error;
  response.status = status;
  if (error != FetchError::kNone) response.error_message = "boom";
  if (!location.empty()) response.headers.emplace_back("location", std::move(location));
  return response;
}

TEST(DecideHopTest, ResponsesMapToTheNextStep) {
  struct Case {
    const char* name;
    std::string method;
    FetchResponse response;
    HopAction action;
    std::string next_url;
  };
  const std::string base = "https://bit.ly/abc";
  const std::vector<Case> cases = {
      {"301 with an absolute Location", "HEAD",
       Response(FetchError::kNone, 301, "https://example.org/a"), HopAction::kRedirect,
       "https://example.org/a"},
      {"redirect refused by libcurl (max_redirects 0)", "HEAD",
       Response(FetchError::kProtocol, 302, "https://example.org/b"), HopAction::kRedirect,
       "https://example.org/b"},
      {"relative Location", "HEAD", Response(FetchError::kNone, 307, "/next?x=1"),
       HopAction::kRedirect, "https://bit.ly/next?x=1"},
      {"scheme-relative Location", "GET", Response(FetchError::kNone, 308, "//t.co/z"),
       HopAction::kRedirect, "https://t.co/z"},
      {"Location to another scheme is final", "HEAD",
       Response(FetchError::kNone, 302, "mailto:a@example.org"), HopAction::kFinal, ""},
      {"200 is final", "HEAD", Response(FetchError::kNone, 200), HopAction::kFinal, ""},
      {"404 is final", "HEAD", Response(FetchError::kNone, 404), HopAction::kFinal, ""},
      {"3xx without Location is final", "HEAD", Response(FetchError::kNone, 300), HopAction::kFinal,
       ""},
      {"HEAD refused with 405", "HEAD", Response(FetchError::kNone, 405), HopAction::kRetryWithGet,
       ""},
      {"HEAD refused with 501", "HEAD", Response(FetchError::kNone, 501), HopAction::kRetryWithGet,
       ""},
      {"GET refused with 405 is final", "GET", Response(FetchError::kNone, 405), HopAction::kFinal,
       ""},
      {"503 fails", "HEAD", Response(FetchError::kNone, 503), HopAction::kFailed, ""},
      {"429 fails", "GET", Response(FetchError::kNone, 429), HopAction::kFailed, ""},
      {"timeout fails", "HEAD", Response(FetchError::kTimeout, 0), HopAction::kFailed, ""},
      {"SSRF guard fails", "HEAD", Response(FetchError::kBlocked, 0), HopAction::kFailed, ""},
      {"protocol error without redirect fails", "HEAD", Response(FetchError::kProtocol, 200),
       HopAction::kFailed, ""},
      {"body over the cap still answered", "GET", Response(FetchError::kTooLarge, 200),
       HopAction::kFinal, ""},
  };
  for (const Case& c : cases) {
    const HopDecision decision = DecideHop(base, c.method, c.response);
    EXPECT_EQ(decision.action, c.action) << c.name;
    EXPECT_EQ(decision.next_url, c.next_url) << c.name;
    if (c.action == HopAction::kFailed) {
      EXPECT_FALSE(decision.error.empty()) << c.name;
    }
  }
}

TEST(ResolveLocationTest, RefusesNonHttpTargets) {
  EXPECT_FALSE(ResolveLocation("https://bit.ly/a", "javascript:alert(1)").ok());
  EXPECT_FALSE(ResolveLocation("https://bit.ly/a", "ftp://example.org/").ok());
  EXPECT_EQ(ResolveLocation("https://bit.ly/a/b", "../c").value(), "https://bit.ly/c");
}

}  // namespace
}  // namespace postwatch
