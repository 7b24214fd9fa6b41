#include "ctl/api_call.h"

#include <cctype>
#include <cstdio>

namespace postwatch::ctl {

int CallApi(const Args& args, const std::string& method, const std::string& path,
            const std::string& body, const ReplyPrinter& print) {
  Result<AdminClient> client = ConnectAdmin(args);
  if (!client.ok()) return ReportConnectFailure(client.status());
  Result<AdminReply> reply = client->Call(method, path, body);
  if (!reply.ok()) return ReportConnectFailure(reply.status());
  int rc = ReportReply(*reply);
  if (rc != kExitOk) return rc;
  if (args.Has("json")) {
    std::fputs(reply->body.c_str(), stdout);
    if (reply->body.empty() || reply->body.back() != '\n') std::fputc('\n', stdout);
    return kExitOk;
  }
  rapidjson::Document doc;
  doc.Parse(reply->body.c_str());
  if (doc.HasParseError()) {
    std::fprintf(stderr, "postwatchctl: the daemon's reply is not JSON: %s\n", reply->body.c_str());
    return kExitFailed;
  }
  print(doc);
  return kExitOk;
}

std::string ReasonBody(const Args& args) {
  std::string reason = args.Get("reason");
  return reason.empty() ? "" : "{\"reason\":" + JsonQuote(reason) + "}";
}

std::string Str(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return "";
  auto it = v.FindMember(name);
  if (it == v.MemberEnd() || it->value.IsNull()) return "-";
  if (it->value.IsString()) return it->value.GetString();
  if (it->value.IsBool()) return it->value.GetBool() ? "yes" : "no";
  return Num(v, name);
}

std::string Num(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return "";
  auto it = v.FindMember(name);
  if (it == v.MemberEnd()) return "-";
  if (it->value.IsInt64()) return std::to_string(it->value.GetInt64());
  if (it->value.IsUint64()) return std::to_string(it->value.GetUint64());
  if (it->value.IsNumber()) return std::to_string(it->value.GetDouble());
  return "-";
}

std::string UrlEncode(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace postwatch::ctl
