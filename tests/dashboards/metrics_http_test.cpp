// /metrics over HTTP: gzip when the scraper accepts it (Prometheus always does), plain
// text otherwise, same exposition either way.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cctype>
#include <memory>

#include "http/http_server.h"
#include "metrics/metrics.h"

namespace postwatch {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

struct RawReply {
  long status = 0;
  std::string content_encoding;
  std::string body;  // as sent on the wire, not decoded
};

size_t AppendBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t ReadHeader(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  const std::string key = "content-encoding:";
  std::string lower = line;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.compare(0, key.size(), key) == 0) {
    std::string value = line.substr(key.size());
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of(" \t\r\n") + 1);
    *static_cast<std::string*>(out) = value;
  }
  return size * n;
}

RawReply Get(const std::string& url, const char* accept_encoding) {
  RawReply reply;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  std::unique_ptr<curl_slist, SlistDeleter> headers(
      accept_encoding ? curl_slist_append(nullptr, accept_encoding) : nullptr);
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, ReadHeader);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &reply.content_encoding);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 10000L);
  if (curl_easy_perform(curl.get()) == CURLE_OK) {
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply.status);
  }
  return reply;
}

std::string Gunzip(const std::string& in) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return "";
  std::string out;
  char buffer[65536];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof(buffer);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - zs.avail_out);
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : "";
}

class MetricsHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* p : {"web", "youtube", "mastodon"}) metrics_.AddPlugin(p, "1", true, true);
    server_ = std::make_unique<HttpServer>(HttpServerOptions{}, [this](const HttpRequest&) {
      HttpReply reply;
      reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
      reply.body = metrics_.Render();
      return reply;
    });
    ASSERT_TRUE(server_->Start().ok());
    url_ = "http://127.0.0.1:" + std::to_string(server_->port()) + "/metrics";
  }

  Metrics metrics_{"1.2.3", "abc"};
  std::unique_ptr<HttpServer> server_;
  std::string url_;
};

TEST_F(MetricsHttpTest, GzipsTheScrapeWhenTheClientAcceptsGzip) {
  RawReply gz = Get(url_, "Accept-Encoding: gzip");
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.content_encoding, "gzip");
  std::string text = Gunzip(gz.body);
  EXPECT_NE(text.find("postwatch_build_info{"), std::string::npos);
  EXPECT_LT(gz.body.size(), text.size() / 4);
}

TEST_F(MetricsHttpTest, SendsPlainTextWithoutAcceptEncoding) {
  RawReply plain = Get(url_, nullptr);
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.content_encoding, "");
  EXPECT_NE(plain.body.find("postwatch_build_info{"), std::string::npos);
  RawReply gz = Get(url_, "Accept-Encoding: gzip");
  EXPECT_EQ(Gunzip(gz.body).size(), plain.body.size());
}

}  // namespace
}  // namespace postwatch
