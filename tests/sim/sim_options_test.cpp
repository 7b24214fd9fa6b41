#include "sim_options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace postwatch::sim {
namespace {

Result<SimOptions> Parse(std::vector<std::string> args) {
  std::vector<const char*> argv = {"postwatch-sim"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  return ParseSimOptions(static_cast<int>(argv.size()), argv.data());
}

TEST(SimOptionsTest, DefaultsMatchTheDocumentedOnes) {
  auto options = Parse({});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->port, 0);
  EXPECT_EQ(options->bind_address, "127.0.0.1");
  EXPECT_EQ(options->world.accounts, 100u);
  EXPECT_EQ(options->world.post_interval_s, 60);
  EXPECT_EQ(options->world.initial_posts, 5u);
  EXPECT_EQ(options->world.feed_items, 20u);
  EXPECT_EQ(options->world.flag_share, 0.2);
  EXPECT_EQ(options->world.flag_domains, DefaultFlagDomains());
  EXPECT_FALSE(options->start_time_ms.has_value());
}

TEST(SimOptionsTest, ParsesEveryFlagInBothSpellings) {
  auto options = Parse({"--port",
                        "8089",
                        "--bind=0.0.0.0",
                        "--port-file",
                        "/tmp/p",
                        "--accounts=7",
                        "--seed",
                        "42",
                        "--post-interval-s",
                        "0.5",
                        "--initial-posts",
                        "0",
                        "--feed-items=3",
                        "--flag-share",
                        "1",
                        "--flag-domains",
                        "a.example,b.test",
                        "--threads",
                        "4",
                        "--registry-out",
                        "/tmp/r.json",
                        "--base-url",
                        "http://h:1/",
                        "--start-time",
                        "1700000000"});
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->port, 8089);
  EXPECT_EQ(options->bind_address, "0.0.0.0");
  EXPECT_EQ(options->port_file, "/tmp/p");
  EXPECT_EQ(options->world.accounts, 7u);
  EXPECT_EQ(options->world.seed, 42u);
  EXPECT_EQ(options->world.post_interval_s, 0.5);
  EXPECT_EQ(options->world.initial_posts, 0u);
  EXPECT_EQ(options->world.feed_items, 3u);
  EXPECT_EQ(options->world.flag_share, 1.0);
  EXPECT_EQ(options->world.flag_domains, (std::vector<std::string>{"a.example", "b.test"}));
  EXPECT_EQ(options->threads, 4u);
  EXPECT_EQ(options->registry_out, "/tmp/r.json");
  EXPECT_EQ(options->base_url, "http://h:1");
  EXPECT_EQ(options->start_time_ms, 1'700'000'000'000);
}

TEST(SimOptionsTest, BadInputIsRejectedWithTheFlagName) {
  const struct {
    std::vector<std::string> args;
    const char* expected;
  } cases[] = {
      {{"--nope"}, "unknown flag '--nope'"},
      {{"--port"}, "--port: missing value"},
      {{"--port", "70000"}, "--port: 70000 is out of range"},
      {{"--port", "12ab"}, "--port: not a number"},
      {{"--accounts", "0"}, "--accounts: 0 is out of range"},
      {{"--flag-share", "1.5"}, "--flag-share: 1.5 is out of range"},
      {{"--post-interval-s", "0"}, "--post-interval-s: 0 is out of range"},
      {{"--feed-items", "0"}, "--feed-items: 0 is out of range"},
      {{"--flag-domains", "Bad.Example"}, "--flag-domains: not a lowercase host name"},
      {{"--flag-domains", "a.example,,b.test"}, "--flag-domains: not a lowercase host name"},
      {{"--base-url", "127.0.0.1:80"}, "--base-url: must start with http://"},
  };
  for (const auto& c : cases) {
    auto options = Parse(c.args);
    ASSERT_FALSE(options.ok()) << c.args[0];
    EXPECT_EQ(options.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(options.status().message().find(c.expected), std::string::npos)
        << options.status().message();
  }
}

TEST(SimOptionsTest, HelpIsRecognised) {
  auto options = Parse({"--help"});
  ASSERT_TRUE(options.ok());
  EXPECT_TRUE(options->help);
  EXPECT_NE(SimUsage().find("--registry-out"), std::string::npos);
}

}  // namespace
}  // namespace postwatch::sim
