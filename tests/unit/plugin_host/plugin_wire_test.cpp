// The wire protocol between the host and postwatch-plugin-runner: every message survives a
// round trip, and a truncated, forged or oversized one is refused rather than trusted.
#include "plugin_host/plugin_wire.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace postwatch::wire {
namespace {

PluginCallResult SampleResult() {
  PluginCallResult r;
  r.code = PW_OK;
  r.error = "careful";
  r.dropped = 4;
  Post p;
  p.id = "p1";
  p.url = "https://example.org/p1";
  p.published_at = 1700000123;
  p.kind = PostKind::kShare;
  p.text = "Vi\xe1\xbb\x87t";
  p.links = {"https://a.example/", "https://b.example/"};
  p.shared_url = "https://example.org/orig";
  r.posts.push_back(p);
  PluginRequest q;
  q.method = "POST";
  q.url = "https://api.example/next";
  q.headers = {{"Accept", "application/json"}};
  q.body = "a=1";
  q.tag = "page";
  r.requests.push_back(q);
  r.cursor = "c-9";
  r.account_id = "12345";
  r.rate_limit = RateLimitHint{3, 300, 1700000999};
  r.credential = CredentialUpdate{"{\"access_token\":\"t\"}", 1800000000, 1900000000};
  r.authorize_url = "https://auth.example/?state=s";
  return r;
}

TEST(PluginWireTest, AReplyRoundTripsEveryField) {
  auto decoded = DecodeReply(EncodeReply(SampleResult()), EmitLimits{});
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  const PluginCallResult& r = *decoded;
  EXPECT_EQ(r.code, PW_OK);
  EXPECT_EQ(r.error, "careful");
  EXPECT_EQ(r.dropped, 4);
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].id, "p1");
  EXPECT_EQ(r.posts[0].published_at, 1700000123);
  EXPECT_EQ(r.posts[0].kind, PostKind::kShare);
  EXPECT_EQ(r.posts[0].text, "Vi\xe1\xbb\x87t");
  EXPECT_EQ(r.posts[0].links.size(), 2u);
  EXPECT_EQ(r.posts[0].shared_url, "https://example.org/orig");
  ASSERT_EQ(r.requests.size(), 1u);
  EXPECT_EQ(r.requests[0].method, "POST");
  EXPECT_EQ(r.requests[0].headers, (HeaderList{{"Accept", "application/json"}}));
  EXPECT_EQ(r.requests[0].body, "a=1");
  EXPECT_EQ(r.requests[0].tag, "page");
  EXPECT_EQ(r.cursor, "c-9");
  EXPECT_EQ(r.account_id, "12345");
  ASSERT_TRUE(r.rate_limit.has_value());
  EXPECT_EQ(r.rate_limit->remaining, 3);
  EXPECT_EQ(r.rate_limit->reset_at, 1700000999);
  ASSERT_TRUE(r.credential.has_value());
  EXPECT_EQ(r.credential->secret, "{\"access_token\":\"t\"}");
  EXPECT_EQ(r.credential->refresh_expires_at, 1900000000);
  EXPECT_EQ(r.authorize_url, "https://auth.example/?state=s");
}

TEST(PluginWireTest, ACallRoundTripsTheAccountResponseAndGrant) {
  Account a;
  a.canonical_id = "id-1";
  a.spec.registered = "https://feeds.example/rss";
  a.spec.ref_json = "{\"x\":1}";
  a.cursor = "cur";
  PluginResponse resp;
  resp.status = 404;
  resp.url = "https://feeds.example/rss";
  resp.headers = {{"ETag", "\"v1\""}};
  resp.body = std::string("bin\0ary", 7);
  resp.tag = "page";
  PluginGrant grant;
  grant.state = "st";
  grant.code = "abc";
  for (PluginMethod method : {PluginMethod::kParse, PluginMethod::kAuthorize}) {
    PluginInvocation call;
    call.method = method;
    call.account = &a;
    call.response = &resp;
    call.grant = &grant;
    call.credential = "secret";
    call.app_credential = "app";
    auto decoded = DecodeHostMessage(EncodeCall(call));
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    const auto& c = std::get<DecodedCall>(*decoded);
    PluginInvocation view = c.View();
    EXPECT_EQ(view.method, method);
    EXPECT_EQ(view.account->canonical_id, "id-1");
    EXPECT_EQ(view.account->spec.ref_json, "{\"x\":1}");
    EXPECT_EQ(view.account->cursor, "cur");
    EXPECT_EQ(view.credential, "secret");
    EXPECT_EQ(view.app_credential, "app");
    if (method == PluginMethod::kParse) {
      ASSERT_NE(view.response, nullptr);
      EXPECT_EQ(view.response->status, 404);
      EXPECT_EQ(view.response->body, std::string("bin\0ary", 7));
      EXPECT_EQ(view.response->headers, resp.headers);
      EXPECT_EQ(view.grant, nullptr);
    } else {
      ASSERT_NE(view.grant, nullptr);
      EXPECT_EQ(view.grant->state, "st");
      EXPECT_EQ(view.grant->code, "abc");
    }
  }
}

TEST(PluginWireTest, AHelloCarriesTheManifestOrTheRefusal) {
  PluginManifest m;
  m.name = "web";
  m.version = "1.0";
  m.egress_hosts = {"*"};
  m.abi_major = 1;
  m.abi_minor = 1;
  m.has_authorize = true;
  auto ok = DecodeHello(EncodeHello(m));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->name, "web");
  EXPECT_EQ(ok->egress_hosts, std::vector<std::string>{"*"});
  EXPECT_TRUE(ok->has_authorize);
  EXPECT_FALSE(ok->has_resolve);
  auto refused = DecodeHello(EncodeHelloRefusal("ABI major 2 differs"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(), "ABI major 2 differs");
}

TEST(PluginWireTest, EveryTruncationOfAReplyIsRefused) {
  std::string full = EncodeReply(SampleResult());
  for (size_t n = 0; n < full.size(); ++n) {
    EXPECT_FALSE(DecodeReply(full.substr(0, n), EmitLimits{}).ok()) << "prefix " << n;
  }
  EXPECT_FALSE(DecodeReply(full + "x", EmitLimits{}).ok()) << "trailing byte";
}

TEST(PluginWireTest, ForgedCountsAndOverLimitRepliesAreRefused) {
  // A post count of four billion in a tiny frame must not allocate or loop.
  std::string forged = EncodeReply(PluginCallResult{});
  size_t count_at = 1 + 8 + 4 + 8;  // type, code, error (empty), dropped
  for (size_t i = 0; i < 4; ++i) forged[count_at + i] = '\xff';
  EXPECT_FALSE(DecodeReply(forged, EmitLimits{}).ok());

  PluginCallResult many;
  for (int i = 0; i < 3; ++i) {
    Post p;
    p.id = "p" + std::to_string(i);
    many.posts.push_back(p);
  }
  EmitLimits two;
  two.max_posts = 2;
  EXPECT_FALSE(DecodeReply(EncodeReply(many), two).ok());

  // A status outside pw_status, forged in the bytes (the code follows the type byte, as a
  // little-endian int64): no such value can be held in a pw_status to encode.
  std::string bad_code = EncodeReply(PluginCallResult{});
  ASSERT_TRUE(DecodeReply(bad_code, EmitLimits{}).ok());
  ASSERT_GE(bad_code.size(), 9u);
  bad_code.replace(1, 8, std::string("\x2a\0\0\0\0\0\0\0", 8));
  EXPECT_FALSE(DecodeReply(bad_code, EmitLimits{}).ok());
}

TEST(PluginWireTest, RepliesOverTheBudgetDropAndCountTheirLastPosts) {
  PluginCallResult big;
  std::string text(40 * 1024, 't');
  size_t n = kReplyPostBudgetBytes / text.size() + 10;
  for (size_t i = 0; i < n; ++i) {
    Post p;
    p.id = "p" + std::to_string(i);
    p.text = text;
    big.posts.push_back(p);
  }
  EmitLimits limits;
  limits.max_posts = n;
  auto decoded = DecodeReply(EncodeReply(big), limits);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_LT(decoded->posts.size(), n);
  EXPECT_EQ(decoded->posts.size() + static_cast<size_t>(decoded->dropped), n);
}

class FrameTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds_), 0); }
  void TearDown() override {
    for (int fd : fds_)
      if (fd >= 0) ::close(fd);
  }
  int fds_[2] = {-1, -1};
};

TEST_F(FrameTest, AFrameArrivesWhole) {
  ASSERT_EQ(WriteFrame(fds_[0], "hello", std::nullopt).error, FrameError::kNone);
  FrameResult r = ReadFrame(fds_[1], 100, std::nullopt);
  EXPECT_EQ(r.error, FrameError::kNone);
  EXPECT_EQ(r.payload, "hello");
}

TEST_F(FrameTest, AFrameOverTheCapIsRefusedBeforeItsBodyIsRead) {
  ASSERT_EQ(WriteFrame(fds_[0], std::string(101, 'x'), std::nullopt).error, FrameError::kNone);
  FrameResult r = ReadFrame(fds_[1], 100, std::nullopt);
  EXPECT_EQ(r.error, FrameError::kTooLarge);
  EXPECT_NE(r.message.find("101 bytes exceeds the cap of 100"), std::string::npos);
}

TEST_F(FrameTest, APeerThatClosesMidFrameIsReportedAsClosed) {
  const char partial[] = {10, 0, 0, 0, 'a', 'b'};  // promises 10 bytes, sends 2
  ASSERT_EQ(::write(fds_[0], partial, sizeof partial), static_cast<ssize_t>(sizeof partial));
  ::close(fds_[0]);
  fds_[0] = -1;
  EXPECT_EQ(ReadFrame(fds_[1], 100, std::nullopt).error, FrameError::kClosed);
}

TEST_F(FrameTest, ASilentPeerTimesOutAtTheDeadline) {
  FrameResult r =
      ReadFrame(fds_[1], 100, std::chrono::steady_clock::now() + std::chrono::milliseconds(20));
  EXPECT_EQ(r.error, FrameError::kTimeout);
}

TEST_F(FrameTest, WritingToAClosedPeerFailsWithoutSigpipe) {
  ::close(fds_[1]);
  fds_[1] = -1;
  FrameResult r = WriteFrame(fds_[0], std::string(1 << 20, 'x'), std::nullopt);
  EXPECT_EQ(r.error, FrameError::kClosed);
}

}  // namespace
}  // namespace postwatch::wire
