#include "support/emitter.h"

#include <gtest/gtest.h>

#include "recording_host.h"
#include "support/http_fields.h"
#include "support/json_fields.h"
#include "support/plain_text.h"

namespace postwatch::plugin {
namespace {

TEST(EmitterTest, PostReachesTheHostWithEveryField) {
  testing::RecordingHost host;
  Emitter emit(host.host());
  PostFields post;
  post.id = "p1";
  post.url = "https://a.example/p1";
  post.published_at = 1700000000;
  post.kind = PW_POST_KIND_SHARE;
  post.text = "hello";
  post.links = {"https://l.example/1", "https://l.example/2"};
  post.shared_url = "https://s.example/";
  emit.Post(post);
  ASSERT_EQ(host.posts.size(), 1u);
  EXPECT_EQ(host.posts[0].id, "p1");
  EXPECT_EQ(host.posts[0].url, "https://a.example/p1");
  EXPECT_EQ(host.posts[0].published_at, 1700000000);
  EXPECT_EQ(host.posts[0].kind, static_cast<uint32_t>(PW_POST_KIND_SHARE));
  EXPECT_EQ(host.posts[0].links, post.links);
  EXPECT_EQ(host.posts[0].shared_url, "https://s.example/");
}

TEST(EmitterTest, RequestCursorAndErrorReachTheHost) {
  testing::RecordingHost host;
  Emitter emit(host.host());
  RequestFields request;
  request.url = "https://a.example/feed";
  request.headers = {{"Accept", "text/xml"}};
  request.tag = "feed";
  emit.Request(request);
  emit.Cursor("c1");
  EXPECT_EQ(emit.Error(PW_E_GONE, "gone away"), PW_E_GONE);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].method, "GET");
  EXPECT_EQ(host.requests[0].headers[0].second, "text/xml");
  EXPECT_EQ(host.cursor.value_or(""), "c1");
  EXPECT_EQ(host.errors, std::vector<std::string>{"gone away"});
}

TEST(EmitterTest, OlderHostWithoutLogCallbackIsNotCalledPastItsStruct) {
  testing::RecordingHost recording;
  pw_host small = *recording.host();
  small.struct_size = offsetof(pw_host, log);  // a host built before `log` existed
  Emitter emit(&small);
  emit.Log(PW_LOG_INFO, "dropped");
  emit.Cursor("kept");
  EXPECT_TRUE(recording.logs.empty());
  EXPECT_EQ(recording.cursor.value_or(""), "kept");
}

TEST(HttpFieldsTest, HeaderLookupIgnoresCase) {
  pw_header headers[] = {{ToPwStr("content-TYPE"), ToPwStr(" Application/RSS+XML; charset=utf-8")},
                         {ToPwStr("ETag"), ToPwStr("\"abc\"")}};
  pw_response response{};
  response.struct_size = sizeof(pw_response);
  response.headers = headers;
  response.header_count = 2;
  EXPECT_EQ(FindHeader(response, "etag").value_or(""), "\"abc\"");
  EXPECT_FALSE(FindHeader(response, "Last-Modified").has_value());
  EXPECT_EQ(MediaType(response), "application/rss+xml");
}

TEST(JsonFieldsTest, ReadsOptionalMembersWithoutThrowing) {
  JsonParse parsed = ParseJson(R"({"s": "x", "n": 42, "big": 1e300, "o": {}})");
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(JsonString(parsed.doc, "s").value_or(""), "x");
  EXPECT_FALSE(JsonString(parsed.doc, "n").has_value());
  EXPECT_EQ(JsonInt(parsed.doc, "n").value_or(0), 42);
  EXPECT_FALSE(JsonInt(parsed.doc, "big").has_value());
  EXPECT_EQ(JsonScalarText(parsed.doc, "n").value_or(""), "42");
  EXPECT_EQ(JsonMember(parsed.doc, "missing"), nullptr);
  EXPECT_FALSE(ParseJson("{,}").ok());
  EXPECT_TRUE(ParseJson("{\"a\": 1, /* c */}", JsonDialect::kConfig).ok());
  EXPECT_FALSE(ParseJson("{\"a\": 1, /* c */}", JsonDialect::kStrict).ok());
}

TEST(PlainTextTest, TruncateNeverSplitsAUtf8Sequence) {
  std::string text = "\xE1\xBA\xA3\xE1\xBA\xA3\xE1\xBA\xA3";  // three 3-byte letters
  EXPECT_EQ(TruncateUtf8(text, 9), text);
  EXPECT_EQ(TruncateUtf8(text, 8), "\xE1\xBA\xA3\xE2\x80\xA6");
  EXPECT_EQ(CollapseWhitespace("  a \n\t b  "), "a b");
}

}  // namespace
}  // namespace postwatch::plugin
