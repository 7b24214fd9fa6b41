// The admin listener over real HTTP: loopback only, token from a file, size limits.
#include "admin/admin_listener.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "fake_admin_actions.h"
#include "store_test_util.h"

namespace postwatch {
namespace {

TEST(AdminListenerTest, OnlyLoopbackAddressesAreAccepted) {
  struct Case {
    std::string listen;
    bool ok;
    std::string says;
  };
  const Case cases[] = {
      {"127.0.0.1:9465", true, ""},
      {"127.0.0.2:0", true, ""},
      {"[::1]:9465", true, ""},
      {"localhost:9465", true, ""},
      {"0.0.0.0:9465", false, "no TLS support"},
      {"192.168.1.10:9465", false, "not a loopback address"},
      {"[::]:9465", false, "not a loopback address"},
      {"admin.example.org:9465", false, "not a loopback address"},
      {"unix:/run/postwatch/admin.sock", false, "unix sockets are not supported yet"},
      {"127.0.0.1", false, "listen.admin"},
  };
  for (const Case& c : cases) {
    Result<HostPort> hp = CheckAdminAddress(c.listen);
    EXPECT_EQ(hp.ok(), c.ok) << c.listen;
    if (!c.ok) {
      EXPECT_NE(hp.status().message().find(c.says), std::string::npos) << hp.status().ToString();
    }
  }
}

size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

struct CurlReply {
  long status = 0;
  std::string headers;
  std::string body;
};

CurlReply Request(const std::string& url, const std::string& token, const std::string& body = "",
                  const char* method = "GET") {
  CurlReply reply;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr,
                                                                      &curl_slist_free_all);
  if (!token.empty()) {
    headers.reset(curl_slist_append(nullptr, ("Authorization: Bearer " + token).c_str()));
  }
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, method);
  if (!body.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, &Collect);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &reply.headers);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 30L);
  if (curl_easy_perform(curl.get()) == CURLE_OK) {
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply.status);
  }
  return reply;
}

class AdminListenerHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions so;
    so.path = dir_.File("pw.db");
    Result<std::unique_ptr<Store>> store = Store::Open(so);
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    token_file_ = dir_.File("token");
    std::ofstream(token_file_) << token_ << "\n";
    ::chmod(token_file_.c_str(), 0600);
  }

  Result<std::unique_ptr<AdminListener>> Start(size_t max_body = 1 << 20) {
    AdminListenerOptions o;
    o.listen = "127.0.0.1:0";
    o.token_file = token_file_;
    o.max_body_bytes = max_body;
    return AdminListener::Start(o, *store_, actions_, nullptr);
  }

  std::string Url(const AdminListener& l, const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(l.port()) + path;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  FakeAdminActions actions_;
  std::string token_ = "listener-test-token-0123456789";
  std::string token_file_;
};

TEST_F(AdminListenerHttpTest, AnsweredOverHttpOnlyWithTheToken) {
  auto listener = Start();
  ASSERT_TRUE(listener.ok()) << listener.status().ToString();
  CurlReply anonymous = Request(Url(**listener, "/v1/status"), "");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_NE(anonymous.headers.find("WWW-Authenticate: Bearer"), std::string::npos)
      << anonymous.headers;
  CurlReply ok = Request(Url(**listener, "/v1/status"), token_);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.body.find("\"ready\":true"), std::string::npos);
}

TEST_F(AdminListenerHttpTest, OversizedBodiesAreRefused) {
  auto listener = Start(/*max_body=*/1024);
  ASSERT_TRUE(listener.ok()) << listener.status().ToString();
  CurlReply big = Request(Url(**listener, "/v1/accounts/import"), token_,
                          std::string(4096, ' ') + "{}", "POST");
  EXPECT_EQ(big.status, 413);
}

TEST_F(AdminListenerHttpTest, ARotatedTokenIsPickedUpOnReload) {
  auto listener = Start();
  ASSERT_TRUE(listener.ok());
  std::ofstream(token_file_) << "a-brand-new-token-0123456789\n";
  ASSERT_TRUE((*listener)->ReloadToken(token_file_).ok());
  EXPECT_EQ(Request(Url(**listener, "/v1/status"), token_).status, 401);
  EXPECT_EQ(Request(Url(**listener, "/v1/status"), "a-brand-new-token-0123456789").status, 200);
}

TEST_F(AdminListenerHttpTest, NoTokenNoListener) {
  std::filesystem::remove(token_file_);
  auto listener = Start();
  ASSERT_FALSE(listener.ok());
  EXPECT_NE(listener.status().message().find("listen.admin to \"\""), std::string::npos)
      << listener.status().ToString();
}

}  // namespace
}  // namespace postwatch
