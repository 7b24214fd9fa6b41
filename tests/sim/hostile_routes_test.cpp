// The hostile routes: what each path answers, and how the simulator's "hostile" platform
// serves the well-formed ones and refuses the raw-socket-only ones.
#include "hostile_routes.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "world.h"

namespace postwatch::sim {
namespace {

std::string Header(const SimResponse& response, std::string_view name) {
  for (const auto& [n, v] : response.headers) {
    if (n == name) return v;
  }
  return "";
}

std::string Gunzip(const std::string& data) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return "";
  std::string out;
  char buffer[65536];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof(buffer);
    rc = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - stream.avail_out);
  }
  inflateEnd(&stream);
  return rc == Z_STREAM_END ? out : "";
}

TEST(HostileRoutesTest, RateLimitRouteSendsTheRetryAfterTextVerbatim) {
  HostileRoutes routes;
  for (const std::string value : {"5", "-3", "garbage", "Sun, 06 Nov 1994 08:49:37 GMT"}) {
    std::string escaped;
    for (char c : value) escaped += c == ' ' ? std::string("%20") : std::string(1, c);
    HostileReply reply = routes.Route("GET", "/hostile/429?retry_after=" + escaped);
    ASSERT_TRUE(reply.response.has_value());
    EXPECT_EQ(reply.response->status, 429u);
    EXPECT_EQ(Header(*reply.response, "Retry-After"), value);
  }
  EXPECT_EQ(routes.Requests("/hostile/429"), 4u);
}

TEST(HostileRoutesTest, MalformedAndSlowRoutesExistOnlyAsWireScripts) {
  HostileRoutes routes;
  for (const char* target :
       {"/hostile/slow-headers", "/hostile/slow-body", "/hostile/truncated-chunked",
        "/hostile/short-content-length", "/hostile/bad-status-line", "/hostile/huge?mode=chunked",
        "/hostile/huge?mode=close"}) {
    HostileReply reply = routes.Route("GET", target);
    EXPECT_FALSE(reply.response.has_value()) << target;
    EXPECT_FALSE(reply.wire.empty()) << target;
  }
}

TEST(HostileRoutesTest, SlowBodyTricklesOneByteAStepAfterPromptHeaders) {
  HostileRoutes routes;
  HostileReply reply = routes.Route("GET", "/hostile/slow-body?interval_ms=700&bytes=10");
  ASSERT_EQ(reply.wire.size(), 11u);
  EXPECT_EQ(reply.wire[0].delay_ms, 0);
  EXPECT_NE(reply.wire[0].bytes.find("Content-Length: 10\r\n"), std::string::npos);
  EXPECT_EQ(reply.wire[1].delay_ms, 700);
  EXPECT_EQ(reply.wire[1].bytes.size(), 1u);
}

TEST(HostileRoutesTest, HugeBodyIsStreamedFillerWithItsLengthDeclared) {
  HostileRoutes routes;
  HostileReply reply = routes.Route("GET", "/hostile/huge?bytes=1000000");
  ASSERT_TRUE(reply.response.has_value());
  EXPECT_EQ(reply.filler, 1'000'000u);
  std::vector<WireStep> wire = ToWire(reply);
  ASSERT_EQ(wire.size(), 1u);
  EXPECT_NE(wire[0].bytes.find("Content-Length: 1000000\r\n"), std::string::npos);
  EXPECT_EQ(wire[0].filler, 1'000'000u);
}

TEST(HostileRoutesTest, GzipBombInflatesToTheRequestedSize) {
  HostileRoutes routes;
  HostileReply reply = routes.Route("GET", "/hostile/huge?bytes=5000000&mode=gzip-bomb");
  ASSERT_TRUE(reply.response.has_value());
  EXPECT_EQ(Header(*reply.response, "Content-Encoding"), "gzip");
  EXPECT_LT(reply.response->body.size(), 50'000u);
  EXPECT_EQ(Gunzip(reply.response->body), std::string(5'000'000, '\0'));
}

TEST(HostileRoutesTest, RedirectLoopPointsAtItselfWithAGrowingCounter) {
  HostileRoutes routes;
  HostileReply reply = routes.Route("GET", "/hostile/redirect-loop?n=4");
  ASSERT_TRUE(reply.response.has_value());
  EXPECT_EQ(reply.response->status, 302u);
  EXPECT_EQ(Header(*reply.response, "Location"), "/hostile/redirect-loop?n=5");
}

TEST(HostileRoutesTest, CountRouteReportsRequestsPerPath) {
  HostileRoutes routes;
  (void)routes.Route("GET", "/hostile/feed");
  (void)routes.Route("GET", "/hostile/feed?items=1");
  HostileReply reply = routes.Route("GET", "/hostile/count?path=/hostile/feed");
  ASSERT_TRUE(reply.response.has_value());
  EXPECT_EQ(reply.response->body, "{\"path\":\"/hostile/feed\",\"requests\":2}");
}

TEST(HostilePlatformTest, ServesAccountFeedsAndRefusesRawOnlyBehaviours) {
  WorldConfig config;
  config.accounts = 4;
  World world(config);
  ServedLog served(world.account_count());
  PlatformContext context;
  context.world = &world;
  context.served = &served;
  context.clock = [] { return int64_t{0}; };
  context.base_url = "http://127.0.0.1:1";
  context.platforms = {"hostile"};
  auto service = MakePlatformService("hostile", context);
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->Registered(2), "http://127.0.0.1:1/hostile/acct-2/feed");

  SimRequest feed;
  feed.method = "GET";
  feed.target = "/hostile/acct-2/feed";
  SimResponse response = service->Handle(feed);
  EXPECT_EQ(response.status, 200u);
  EXPECT_NE(response.body.find("<"), std::string::npos);
  EXPECT_EQ(served.Requests(2), 1u);

  SimRequest slow;
  slow.method = "GET";
  slow.target = "/hostile/slow-headers";
  EXPECT_EQ(service->Handle(slow).status, 501u);
  SimRequest limited;
  limited.method = "GET";
  limited.target = "/hostile/429?retry_after=9";
  EXPECT_EQ(Header(service->Handle(limited), "Retry-After"), "9");
}

}  // namespace
}  // namespace postwatch::sim
