// A tiny blocking HTTP client for the simulator's tests, on libcurl's easy interface. One
// client keeps one connection alive across requests, as postwatchd's fetcher does.
#pragma once

#include <curl/curl.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace postwatch::sim::testing {

struct HttpResult {
  long status = 0;  // 0 when the transfer failed
  std::string error;
  std::map<std::string, std::string> headers;  // lowercase names, last value wins
  std::string body;

  std::string Header(const std::string& lowercase_name) const {
    auto it = headers.find(lowercase_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct CurlEasyDeleter {
  void operator()(CURL* curl) const noexcept { curl_easy_cleanup(curl); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

class HttpTestClient {
 public:
  HttpTestClient() {
    static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    (void)initialised;
    curl_.reset(curl_easy_init());
  }

  // Sends one request; method "GET", "HEAD" or "POST". Thread-compatible: one client per
  // thread.
  HttpResult Fetch(const std::string& url, const std::vector<std::string>& headers = {},
                   const std::string& method = "GET") {
    HttpResult result;
    CURL* curl = curl_.get();
    curl_easy_reset(curl);
    std::unique_ptr<curl_slist, CurlSlistDeleter> list;
    for (const std::string& header : headers) {
      curl_slist* appended = curl_slist_append(list.get(), header.c_str());
      (void)list.release();
      list.reset(appended);
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list.get());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    if (method == "POST") curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &HttpTestClient::OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &HttpTestClient::OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result);
    const CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
      result.error = curl_easy_strerror(code);
      return result;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
    return result;
  }

 private:
  static size_t OnBody(char* data, size_t size, size_t count, void* user) {
    static_cast<HttpResult*>(user)->body.append(data, size * count);
    return size * count;
  }

  static size_t OnHeader(char* data, size_t size, size_t count, void* user) {
    std::string line(data, size * count);
    const size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      const size_t first = value.find_first_not_of(" \t");
      const size_t last = value.find_last_not_of(" \t\r\n");
      value = first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
      static_cast<HttpResult*>(user)->headers[name] = value;
    }
    return size * count;
  }

  std::unique_ptr<CURL, CurlEasyDeleter> curl_;
};

}  // namespace postwatch::sim::testing
