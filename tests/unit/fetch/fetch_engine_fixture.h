// Shared fixture for FetchEngine tests: a TestHttpServer serving test_routes.h, options
// that allow exactly that server, and a blocking Fetch helper.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <ostream>
#include <string>
#include <thread>

#include "fetch/fetch_engine.h"
#include "test_http_server.h"
#include "test_routes.h"

namespace postwatch {

// Lets GoogleTest print FetchError values by name in failure messages.
inline void PrintTo(FetchError error, std::ostream* out) { *out << FetchErrorName(error); }

}  // namespace postwatch

namespace postwatch::testing {

// Polls `condition` until it holds or 10 s pass; returns whether it held.
inline bool WaitUntil(const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

class FetchEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start());
    options_.user_agent = "postwatch-test/1.0";
    options_.allow = {"127.0.0.1:" + std::to_string(server_.port())};
  }

  // A started engine with options_.
  std::unique_ptr<FetchEngine> StartEngine() {
    auto engine = std::make_unique<FetchEngine>(options_);
    Status status = engine->Start();
    EXPECT_TRUE(status.ok()) << status.ToString();
    return engine;
  }

  // Submits `request` and waits for its response (at most 30 s).
  static FetchResponse Fetch(FetchEngine& engine, FetchRequest request) {
    auto promise = std::make_shared<std::promise<FetchResponse>>();
    std::future<FetchResponse> future = promise->get_future();
    engine.Submit(std::move(request),
                  [promise](FetchResponse&& response) { promise->set_value(std::move(response)); });
    if (future.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
      ADD_FAILURE() << "no response within 30 s";
      return FetchResponse{};
    }
    return future.get();
  }

  // A fresh engine with options_, one GET of `url`.
  FetchResponse Get(const std::string& url) {
    auto engine = StartEngine();
    FetchRequest request;
    request.url = url;
    return Fetch(*engine, std::move(request));
  }

  TestHttpServer server_{Route};
  FetchOptions options_;
};

}  // namespace postwatch::testing
