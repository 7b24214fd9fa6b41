// The postwatch-sim binary as the demo and benchmarks run it: flags, port file, the
// "listening" line, --registry-out, and a clean exit on SIGTERM.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "http_test_client.h"

extern char** environ;

namespace postwatch::sim {
namespace {

namespace fs = std::filesystem;

struct Child {
  pid_t pid = -1;
  int stdout_fd = -1;
};

// Starts the simulator binary with args; its stdout is readable at stdout_fd.
Child Spawn(const std::vector<std::string>& args) {
  Child child;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return child;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  std::vector<char*> argv;
  std::string binary = POSTWATCH_SIM_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copies = args;
  for (std::string& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  if (posix_spawn(&child.pid, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
    child.pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  child.stdout_fd = fds[0];
  return child;
}

// Reads one line from fd, waiting at most 10 s in total.
std::string ReadLine(int fd) {
  std::string line;
  char c;
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 10000) <= 0) break;
    if (read(fd, &c, 1) != 1 || c == '\n') break;
    line += c;
  }
  return line;
}

// Waits for the child and returns its exit status, or -1 if it died of a signal.
int Wait(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -2;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class SimBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("postwatch-sim-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

TEST_F(SimBinaryTest, RegistryOutWritesOneEntryPerAccountAndExits) {
  const fs::path out = dir_ / "accounts.json";
  Child child = Spawn(
      {"--registry-out", out.string(), "--accounts", "7", "--base-url", "http://127.0.0.1:18080"});
  ASSERT_GT(child.pid, 0);
  EXPECT_EQ(Wait(child.pid), 0);
  close(child.stdout_fd);

  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  ASSERT_FALSE(doc.HasParseError()) << text.str();
  const auto& accounts = doc["accounts"];
  ASSERT_EQ(accounts.Size(), 7u);
  const auto& last = accounts[6];
  EXPECT_STREQ(last["member_ref"].GetString(), "m6");
  EXPECT_STREQ(last["display_name"].GetString(), "Account 6");
  EXPECT_STREQ(last["group"].GetString(), "city/district-1");
  EXPECT_STREQ(last["platform"].GetString(), "web");
  EXPECT_STREQ(last["registered"].GetString(), "http://127.0.0.1:18080/acct-6/feed");
  EXPECT_FALSE(fs::exists(out.string() + ".tmp." + std::to_string(child.pid)));
}

TEST_F(SimBinaryTest, RegistryOutWithoutAnAddressFails) {
  Child child = Spawn({"--registry-out", (dir_ / "r.json").string()});
  ASSERT_GT(child.pid, 0);
  EXPECT_EQ(Wait(child.pid), 1);
  close(child.stdout_fd);
  EXPECT_FALSE(fs::exists(dir_ / "r.json"));
}

TEST_F(SimBinaryTest, BadFlagExitsWithStatus1) {
  Child child = Spawn({"--accounts", "zero"});
  ASSERT_GT(child.pid, 0);
  EXPECT_EQ(Wait(child.pid), 1);
  close(child.stdout_fd);
}

TEST_F(SimBinaryTest, ServesOnTheAnnouncedPortAndExitsCleanlyOnSigterm) {
  const fs::path port_file = dir_ / "port";
  Child child = Spawn(
      {"--port", "0", "--port-file", port_file.string(), "--accounts", "12", "--threads", "2"});
  ASSERT_GT(child.pid, 0);
  const std::string line = ReadLine(child.stdout_fd);
  std::smatch match;
  ASSERT_TRUE(std::regex_match(
      line, match,
      std::regex(R"(postwatch-sim listening on http://127\.0\.0\.1:(\d+) \(12 accounts\))")))
      << line;
  std::ifstream in(port_file);
  std::string port;
  in >> port;
  EXPECT_EQ(port, match[1].str());

  testing::HttpTestClient client;
  const std::string base = "http://127.0.0.1:" + port;
  EXPECT_EQ(client.Fetch(base + "/acct-11/feed").status, 200);
  EXPECT_EQ(client.Fetch(base + "/acct-12/feed").status, 404);

  ASSERT_EQ(kill(child.pid, SIGTERM), 0);
  EXPECT_EQ(Wait(child.pid), 0);
  close(child.stdout_fd);
}

}  // namespace
}  // namespace postwatch::sim
