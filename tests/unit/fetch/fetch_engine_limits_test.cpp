// FetchEngine over real loopback HTTP: the policy limits. Caps, timeouts, schemes, the
// SSRF guard, and malformed responses.
#include <gtest/gtest.h>

#include "fetch/fetch_engine.h"
#include "fetch_engine_fixture.h"

namespace postwatch::testing {
namespace {

class FetchLimitsTest : public FetchEngineTest {
 protected:
  void SetUp() override {
    FetchEngineTest::SetUp();
    options_.max_body_bytes = 1024 * 1024;
  }
};

TEST_F(FetchLimitsTest, ContentLengthBodyAboveCapIsTooLarge) {
  FetchResponse response = Get(server_.Url("/huge"));

  EXPECT_EQ(response.error, FetchError::kTooLarge) << response.error_message;
  EXPECT_NE(response.error_message.find("1048576"), std::string::npos) << response.error_message;
  EXPECT_EQ(response.body, "");
}

TEST_F(FetchLimitsTest, ChunkedBodyAboveCapIsTooLarge) {
  FetchResponse response = Get(server_.Url("/huge-chunked"));

  EXPECT_EQ(response.error, FetchError::kTooLarge) << response.error_message;
}

TEST_F(FetchLimitsTest, GzipBombIsTooLargeOnDecodedBytes) {
  FetchResponse response = Get(server_.Url("/bomb"));

  EXPECT_EQ(response.error, FetchError::kTooLarge) << response.error_message;
}

TEST_F(FetchLimitsTest, BodyAtTheCapIsDelivered) {
  options_.max_body_bytes = kHugeBodyBytes;
  FetchResponse response = Get(server_.Url("/huge"));

  EXPECT_EQ(response.error, FetchError::kNone) << response.error_message;
  EXPECT_EQ(response.body.size(), kHugeBodyBytes);
}

TEST_F(FetchLimitsTest, HeadersAboveCapAreProtocolError) {
  options_.max_header_bytes = 8 * 1024;
  FetchResponse response = Get(server_.Url("/huge-headers"));

  EXPECT_EQ(response.error, FetchError::kProtocol) << response.error_message;
  EXPECT_NE(response.error_message.find("headers"), std::string::npos) << response.error_message;
}

TEST_F(FetchLimitsTest, SlowResponseTimesOut) {
  options_.timeout_ms = 300;
  FetchResponse response = Get(server_.Url("/slow"));

  EXPECT_EQ(response.error, FetchError::kTimeout) << response.error_message;
}

TEST_F(FetchLimitsTest, TruncatedBodyIsProtocolError) {
  FetchResponse response = Get(server_.Url("/truncated"));

  EXPECT_EQ(response.error, FetchError::kProtocol) << response.error_message;
}

TEST_F(FetchLimitsTest, BadChunkingIsProtocolError) {
  FetchResponse response = Get(server_.Url("/bad-chunk"));

  EXPECT_EQ(response.error, FetchError::kProtocol) << response.error_message;
}

TEST_F(FetchLimitsTest, LoopbackIsRefusedWhenNotAllowedAndNothingConnects) {
  options_.allow.clear();
  FetchResponse response = Get(server_.Url("/ok"));

  EXPECT_EQ(response.error, FetchError::kBlocked) << response.error_message;
  EXPECT_NE(response.error_message.find("127.0.0.1:" + std::to_string(server_.port())),
            std::string::npos)
      << response.error_message;
  EXPECT_EQ(server_.connections(), 0);
}

TEST_F(FetchLimitsTest, AllowEntryForAnotherPortDoesNotAllow) {
  options_.allow = {"127.0.0.1:" + std::to_string(server_.port() == 1 ? 2 : server_.port() - 1)};
  FetchResponse response = Get(server_.Url("/ok"));

  EXPECT_EQ(response.error, FetchError::kBlocked) << response.error_message;
  EXPECT_EQ(server_.connections(), 0);
}

TEST_F(FetchLimitsTest, LocalhostAllowEntryAllowsLoopback) {
  options_.allow = {"localhost:*"};
  FetchResponse response = Get(server_.Url("/ok"));

  EXPECT_EQ(response.status, 200) << response.error_message;
  EXPECT_EQ(server_.connections(), 1);
}

TEST_F(FetchLimitsTest, RedirectToForbiddenAddressIsRefused) {
  TestHttpServer internal(Route);
  ASSERT_TRUE(internal.Start());
  FetchResponse response = Get(server_.Url("/to-port/" + std::to_string(internal.port())));

  EXPECT_EQ(response.error, FetchError::kBlocked) << response.error_message;
  EXPECT_EQ(server_.connections(), 1);
  EXPECT_EQ(internal.connections(), 0);
}

TEST_F(FetchLimitsTest, NonHttpSchemesAreRefused) {
  for (const std::string& url :
       {std::string("file:///etc/passwd"), "ftp://127.0.0.1:" + std::to_string(server_.port()),
        std::string("gopher://127.0.0.1/"), std::string("not a url")}) {
    FetchResponse response = Get(url);
    EXPECT_EQ(response.error, FetchError::kBlocked) << url << ": " << response.error_message;
  }
  EXPECT_EQ(server_.connections(), 0);
}

TEST_F(FetchLimitsTest, RedirectToFileSchemeIsRefused) {
  FetchResponse response = Get(server_.Url("/to-file"));

  EXPECT_EQ(response.error, FetchError::kBlocked) << response.error_message;
  EXPECT_EQ(response.body, "");
}

TEST_F(FetchLimitsTest, HeaderWithLineBreakIsRefusedBeforeConnecting) {
  auto engine = StartEngine();
  FetchRequest request;
  request.url = server_.Url("/ok");
  request.headers = {{"X-Evil", "a\r\nHost: elsewhere"}};
  FetchResponse response = Fetch(*engine, std::move(request));

  EXPECT_EQ(response.error, FetchError::kBlocked) << response.error_message;
  EXPECT_EQ(server_.connections(), 0);
}

}  // namespace
}  // namespace postwatch::testing
