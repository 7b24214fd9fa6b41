// The plugin host, driven through fake plugins compiled into this test as function tables.
#include "plugin_host/plugin.h"

#include <gtest/gtest.h>

#include <string>

namespace postwatch {
namespace {

pw_str S(const char* s) { return pw_str{s, std::char_traits<char>::length(s)}; }

const char* const kEgress[] = {"feeds.example", "*.cdn.example"};

pw_status FakeInit(const pw_host* host, pw_str config, void** state) {
  std::string cfg(config.ptr, config.len);
  if (cfg.find("\"fail\"") != std::string::npos) {
    host->set_error(host->ctx, S("config says fail"));
    return PW_E_CONFIG;
  }
  *state = new int(7);
  return PW_OK;
}

void FakeDestroy(void* state) { delete static_cast<int*>(state); }

pw_status FakePlan(void*, const pw_host* host, const pw_account* account, pw_str) {
  pw_request r{};
  r.struct_size = sizeof r;
  r.url = account->registered;
  r.tag = S("feed");
  host->emit_request(host->ctx, &r);
  return PW_OK;
}

// Emits what the response body asks for: "posts:N", "huge-link", "bad-id", "error".
pw_status FakeParse(void*, const pw_host* host, const pw_account*, pw_str,
                    const pw_response* response) {
  std::string body(response->body.ptr, response->body.len);
  if (body == "error") {
    host->set_error(host->ctx, S("layout changed"));
    return PW_E_LAYOUT;
  }
  if (body.rfind("posts:", 0) == 0) {
    int n = std::stoi(body.substr(6));
    for (int i = 0; i < n; ++i) {
      std::string id = "p" + std::to_string(i);
      pw_str links[] = {S("https://a.example/x"), S("")};
      pw_post p{};
      p.struct_size = sizeof p;
      p.id = pw_str{id.data(), id.size()};
      p.published_at = 1700000000 + i;
      p.links = links;
      p.link_count = 2;
      host->emit_post(host->ctx, &p);
    }
  }
  if (body == "huge-link") {
    std::string big(100000, 'x');
    pw_str links[] = {pw_str{big.data(), big.size()}, S("https://ok.example/")};
    pw_post p{};
    p.struct_size = sizeof p;
    p.id = S("big");
    p.links = links;
    p.link_count = 2;
    host->emit_post(host->ctx, &p);
  }
  if (body == "bad-id") {
    pw_post p{};
    p.struct_size = sizeof p;  // id left empty: refused
    host->emit_post(host->ctx, &p);
  }
  host->emit_cursor(host->ctx, S("cursor-1"));
  return PW_DONE;
}

pw_plugin FakeTable() {
  pw_plugin t{};
  t.struct_size = sizeof t;
  t.abi_major = PW_ABI_MAJOR;
  t.abi_minor = PW_ABI_MINOR;
  t.name = "fake";
  t.version = "1.2.3";
  t.platform = "test";
  t.description = "a fake plugin";
  t.config_schema = "{\"type\":\"object\"}";
  t.account_schema = "{}";
  t.egress_hosts = kEgress;
  t.egress_host_count = 2;
  t.init = &FakeInit;
  t.destroy = &FakeDestroy;
  t.plan = &FakePlan;
  t.parse = &FakeParse;
  return t;
}

std::unique_ptr<Plugin> Loaded(const pw_plugin* t, const char* config = "{}") {
  auto p = Plugin::FromTable(t, "test");
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_TRUE((*p)->Init(config).ok());
  return std::move(*p);
}

PluginResponse Body(const std::string& body) {
  PluginResponse r;
  r.status = 200;
  r.body = body;
  return r;
}

TEST(PluginTest, ManifestIsReadWithEffectiveMinor) {
  pw_plugin t = FakeTable();
  t.abi_minor = 99;
  auto p = Loaded(&t);
  EXPECT_EQ(p->manifest().name, "fake");
  EXPECT_EQ(p->manifest().version, "1.2.3");
  EXPECT_EQ(p->manifest().abi_minor, PW_ABI_MINOR);
  EXPECT_FALSE(p->manifest().has_resolve);
}

TEST(PluginTest, BadManifestsAreRefusedWithTheReason) {
  struct Case {
    const char* what;
    void (*mutate)(pw_plugin&);
    const char* reason;
  };
  const Case cases[] = {
      {"other major", [](pw_plugin& t) { t.abi_major = 2; }, "ABI major 2 differs"},
      {"no name", [](pw_plugin& t) { t.name = nullptr; }, "lacks name"},
      {"bad name", [](pw_plugin& t) { t.name = "Bad Name"; }, "invalid plugin name"},
      {"no parse", [](pw_plugin& t) { t.parse = nullptr; }, "lacks init, destroy, plan or parse"},
      {"bad schema", [](pw_plugin& t) { t.config_schema = "{nope"; }, "config_schema is not"},
      {"no egress", [](pw_plugin& t) { t.egress_host_count = 0; }, "no egress_hosts"},
      {"tiny struct", [](pw_plugin& t) { t.struct_size = 8; }, "struct_size 8"},
  };
  for (const Case& c : cases) {
    pw_plugin t = FakeTable();
    c.mutate(t);
    auto p = Plugin::FromTable(&t, "test");
    ASSERT_FALSE(p.ok()) << c.what;
    EXPECT_NE(p.status().message().find(c.reason), std::string::npos)
        << c.what << ": " << p.status().message();
  }
}

TEST(PluginTest, InitFailureCarriesThePluginsMessage) {
  pw_plugin t = FakeTable();
  auto p = Plugin::FromTable(&t, "test");
  ASSERT_TRUE(p.ok());
  Status s = (*p)->Init("{\"fail\":true}");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("config says fail"), std::string::npos);
}

TEST(PluginTest, EgressPatternsMatchExactHostsAndSubdomains) {
  pw_plugin t = FakeTable();
  auto p = Loaded(&t);
  EXPECT_TRUE(p->EgressAllowed("feeds.example"));
  EXPECT_TRUE(p->EgressAllowed("img.cdn.example"));
  EXPECT_FALSE(p->EgressAllowed("cdn.example"));
  EXPECT_FALSE(p->EgressAllowed("evilfeeds.example"));
  EXPECT_FALSE(p->EgressAllowed("feeds.example.evil"));
}

TEST(PluginTest, PlanAndParseResultsAreCopiedOut) {
  pw_plugin t = FakeTable();
  auto p = Loaded(&t);
  Account a;
  a.spec.registered = "https://feeds.example/rss";
  PluginCallResult plan = p->Plan(a);
  ASSERT_EQ(plan.requests.size(), 1u);
  EXPECT_EQ(plan.requests[0].url, "https://feeds.example/rss");
  EXPECT_EQ(plan.requests[0].method, "GET");
  EXPECT_EQ(plan.requests[0].tag, "feed");

  PluginCallResult r = p->Parse(a, Body("posts:3"));
  EXPECT_EQ(r.code, PW_DONE);
  ASSERT_EQ(r.posts.size(), 3u);
  EXPECT_EQ(r.posts[2].id, "p2");
  EXPECT_EQ(r.posts[2].published_at, 1700000002);
  EXPECT_EQ(r.posts[0].links, std::vector<std::string>{"https://a.example/x"});  // empty dropped
  EXPECT_EQ(r.cursor, "cursor-1");
}

TEST(PluginTest, OversizedAndInvalidEmissionsAreDroppedAndCounted) {
  pw_plugin t = FakeTable();
  auto p = Loaded(&t);
  Account a;
  PluginCallResult big = p->Parse(a, Body("huge-link"));
  ASSERT_EQ(big.posts.size(), 1u);
  EXPECT_EQ(big.posts[0].links, std::vector<std::string>{"https://ok.example/"});
  EXPECT_EQ(big.dropped, 1);
  PluginCallResult bad = p->Parse(a, Body("bad-id"));
  EXPECT_TRUE(bad.posts.empty());
  EXPECT_EQ(bad.dropped, 1);
  PluginCallResult many = p->Parse(a, Body("posts:6000"));
  EXPECT_EQ(many.posts.size(), EmitLimits{}.max_posts);
  EXPECT_EQ(many.dropped, 1000);
}

TEST(PluginTest, ErrorCodeAndMessageReachTheHost) {
  pw_plugin t = FakeTable();
  auto p = Loaded(&t);
  PluginCallResult r = p->Parse(Account{}, Body("error"));
  EXPECT_EQ(r.code, PW_E_LAYOUT);
  EXPECT_EQ(r.error, "layout changed");
}

}  // namespace
}  // namespace postwatch
