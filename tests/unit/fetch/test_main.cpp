// The fetch tests' main: libcurl is initialised once per process, as postwatchd's main does.
#include <curl/curl.h>
#include <gtest/gtest.h>

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 2;
  int result = RUN_ALL_TESTS();
  curl_global_cleanup();
  return result;
}
