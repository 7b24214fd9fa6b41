#include "ctl/admin_client.h"

#include <curl/curl.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "config/config_loader.h"

namespace postwatch::ctl {

namespace {

struct CurlEasyDeleter {
  void operator()(CURL* curl) const noexcept { curl_easy_cleanup(curl); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

size_t AppendBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

std::string ReadTrimmed(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = static_cast<bool>(in);
  if (!*ok) return "";
  std::ostringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  size_t begin = s.find_first_not_of(" \t\r\n");
  size_t end = s.find_last_not_of(" \t\r\n");
  return begin == std::string::npos ? "" : s.substr(begin, end - begin + 1);
}

}  // namespace

AdminClient::AdminClient(std::string base_url, std::string token)
    : base_url_(std::move(base_url)), token_(std::move(token)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

Result<AdminReply> AdminClient::Call(const std::string& method, const std::string& path,
                                     const std::string& body,
                                     const std::string& content_type) const {
  std::unique_ptr<CURL, CurlEasyDeleter> curl(curl_easy_init());
  if (!curl) return Status::Internal("curl_easy_init failed");
  std::unique_ptr<curl_slist, CurlSlistDeleter> headers(
      curl_slist_append(nullptr, ("Authorization: Bearer " + token_).c_str()));
  headers.reset(curl_slist_append(headers.release(), ("Content-Type: " + content_type).c_str()));
  AdminReply reply;
  const std::string url = base_url_ + path;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method != "GET") {
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &AppendBody);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 600000L);  // a large import takes a while
  curl_easy_setopt(curl.get(), CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK) {
    return Status::Unavailable("cannot reach postwatchd at " + base_url_ + ": " +
                               curl_easy_strerror(rc));
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

Result<AdminClient> ConnectAdmin(const Args& args) {
  std::string url = args.Get("admin");
  std::string token_file = args.Get("token-file");
  std::string config_path = args.Get("config");
  if (config_path.empty() && ::access(kDefaultConfig, R_OK) == 0) config_path = kDefaultConfig;
  if (!config_path.empty() && (url.empty() || token_file.empty())) {
    Result<Config> config = LoadConfigFile(config_path);
    if (!config.ok()) return config.status();
    if (url.empty() && !config->listen.admin.empty()) {
      if (config->listen.admin.rfind("unix:", 0) == 0) {
        return Status::InvalidArgument(
            "listen.admin is a unix socket; postwatchctl needs --admin URL");
      }
      url = "http://" + config->listen.admin;
    }
    if (token_file.empty()) token_file = config->admin.token_file;
  }
  if (url.empty()) url = kDefaultAdminUrl;
  if (token_file.empty()) {
    const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
    token_file = (dir && *dir) ? std::string(dir) + "/admin-token"
                               : std::string("/etc/postwatch/credentials/admin-token");
  }
  bool ok = false;
  std::string token = ReadTrimmed(token_file, &ok);
  if (!ok) {
    return Status::PermissionDenied("cannot read the admin token " + token_file +
                                    " (use --token-file FILE)");
  }
  if (token.empty())
    return Status::InvalidArgument("the admin token file " + token_file + " is empty");
  return AdminClient(url, token);
}

int ReportReply(const AdminReply& reply) {
  if (reply.status >= 200 && reply.status < 300) return kExitOk;
  std::string message = reply.body;
  rapidjson::Document doc;
  doc.Parse(reply.body.c_str());
  if (!doc.HasParseError() && doc.IsObject() && doc.HasMember("error") && doc["error"].IsString()) {
    message = doc["error"].GetString();
    if (doc.HasMember("details") && doc["details"].IsArray()) {
      for (const auto& d : doc["details"].GetArray()) {
        if (!d.IsObject() || !d.HasMember("message")) continue;
        message += "\n  ";
        if (d.HasMember("pointer")) message += std::string(d["pointer"].GetString()) + ": ";
        message += d["message"].GetString();
      }
    }
  }
  while (!message.empty() && message.back() == '\n') message.pop_back();
  std::fprintf(stderr, "postwatchctl: HTTP %ld: %s\n", reply.status, message.c_str());
  if (reply.status == 401 || reply.status == 403) return kExitUnauthorized;
  return kExitFailed;
}

int ReportConnectFailure(const Status& status) {
  std::fprintf(stderr, "postwatchctl: %s\n", status.message().c_str());
  switch (status.code()) {
    case Status::Code::kUnavailable:
      return kExitUnreachable;
    case Status::Code::kPermissionDenied:
      return kExitUnauthorized;
    default:
      return kExitFailed;
  }
}

}  // namespace postwatch::ctl
