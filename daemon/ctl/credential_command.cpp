// postwatchctl accounts connect-link|credential: the owner's grant from the command line.
//
//   accounts connect-link ID          a link to send the account's owner (Facebook, Zalo,
//                                     TikTok): it leads to the platform's consent page
//   accounts credential show ID       whether the account has a credential, and its expiry
//   accounts credential import ID FILE  tokens the owner handed over ({"access_token", ...}
//                                     JSON as the platform answered it, or a bare token)
//   accounts credential delete ID     forget the account's credential
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

#include "ctl/api_call.h"
#include "ctl/commands.h"

namespace postwatch::ctl {
namespace {

int64_t IdArgument(const Args& args, size_t count, const char* usage) {
  if (args.positional.size() != count || args.positional[0].empty() ||
      args.positional[0].find_first_not_of("0123456789") != std::string::npos) {
    std::fprintf(stderr, "usage: %s\n", usage);
    return -1;
  }
  return std::stoll(args.positional[0]);
}

std::string Expiry(int64_t at) {
  if (at <= 0) return "no expiry";
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  const int64_t left = at - now;
  std::string span = std::to_string((left < 0 ? -left : left) / 60) + " min";
  return left >= 0 ? "expires in " + span : "expired " + span + " ago";
}

void PrintCredential(const rapidjson::Document& doc) {
  if (!doc["present"].GetBool()) {
    std::printf("account %s: no credential\n", Num(doc, "account_id").c_str());
    return;
  }
  std::printf("account %s: credential from %s, %s\n", Num(doc, "account_id").c_str(),
              Str(doc, "source").c_str(), Expiry(doc["expires_at"].GetInt64()).c_str());
}

}  // namespace

int AccountsConnectLink(const Args& args) {
  int64_t id = IdArgument(args, 1, kUsageAccountsConnectLink);
  if (id < 0) return kExitUsage;
  return CallApi(args, "POST", "/v1/accounts/" + std::to_string(id) + "/connect-link",
                 ReasonBody(args), [](const rapidjson::Document& doc) {
                   std::printf("%s\n", Str(doc, "url").c_str());
                   std::fprintf(stderr,
                                "send this link to the account's owner; it works for 7 days "
                                "and leads to the platform's consent page. The platform must "
                                "accept the redirect URI %s\n",
                                Str(doc, "redirect_uri").c_str());
                 });
}

int AccountsCredentialShow(const Args& args) {
  int64_t id = IdArgument(args, 1, "postwatchctl accounts credential show ID");
  if (id < 0) return kExitUsage;
  return CallApi(args, "GET", "/v1/accounts/" + std::to_string(id) + "/credential", "",
                 PrintCredential);
}

int AccountsCredentialImport(const Args& args) {
  int64_t id = IdArgument(args, 2, kUsageAccountsCredentialImport);
  if (id < 0) return kExitUsage;
  const std::string& file = args.positional[1];
  std::ifstream in(file == "-" ? "/dev/stdin" : file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "postwatchctl: cannot read %s\n", file.c_str());
    return kExitFailed;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string body = text.str();
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    std::fprintf(stderr, "postwatchctl: %s is empty\n", file.c_str());
    return kExitFailed;
  }
  if (body[first] != '{') {  // a bare token
    size_t last = body.find_last_not_of(" \t\r\n");
    body = "{\"access_token\":" + JsonQuote(body.substr(first, last - first + 1)) + "}";
  }
  return CallApi(args, "PUT", "/v1/accounts/" + std::to_string(id) + "/credential", body,
                 PrintCredential);
}

int AccountsCredentialDelete(const Args& args) {
  int64_t id = IdArgument(args, 1, "postwatchctl accounts credential delete ID [--reason TEXT]");
  if (id < 0) return kExitUsage;
  return CallApi(args, "DELETE", "/v1/accounts/" + std::to_string(id) + "/credential",
                 ReasonBody(args), PrintCredential);
}

}  // namespace postwatch::ctl
