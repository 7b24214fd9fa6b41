// postwatchctl accounts add|list|pause|resume|remove|export: the admin API's account
// endpoints from the command line. (import is in accounts_import_command.cpp.)
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include "ctl/api_call.h"
#include "ctl/commands.h"
#include "ctl/table.h"

namespace postwatch::ctl {

namespace {

void PrintAccountRow(Table& table, const rapidjson::Value& a) {
  table.AddRow({Num(a, "id"), Str(a, "platform"), Str(a, "status"), Str(a, "group"),
                Str(a, "last_success"), Str(a, "registered")});
}

Table AccountTable() {
  return Table({"ID", "PLATFORM", "STATUS", "GROUP", "LAST SUCCESS", "REGISTERED"});
}

void PrintOneAccount(const rapidjson::Document& doc) {
  Table table = AccountTable();
  PrintAccountRow(table, doc["account"]);
  table.Print(stdout);
  if (doc.HasMember("warning")) std::fprintf(stderr, "warning: %s\n", doc["warning"].GetString());
}

// The account id argument; -1 (after printing usage) when missing or not a number.
int64_t AccountId(const Args& args, const char* usage) {
  if (args.positional.size() != 1 ||
      args.positional[0].find_first_not_of("0123456789") != std::string::npos ||
      args.positional[0].empty()) {
    std::fprintf(stderr, "usage: %s\n", usage);
    return -1;
  }
  return std::stoll(args.positional[0]);
}

}  // namespace

int AccountsAdd(const Args& args) {
  std::string platform = args.Get("platform");
  std::string registered = args.Get("registered");
  if (args.positional.size() == 2) {
    platform = args.positional[0];
    registered = args.positional[1];
  }
  if (platform.empty() || registered.empty() || args.Get("member-ref").empty()) {
    std::fprintf(stderr, "usage: %s\n", kUsageAccountsAdd);
    return kExitUsage;
  }
  std::string body = "{\"platform\":" + JsonQuote(platform) +
                     ",\"registered\":" + JsonQuote(registered) +
                     ",\"member_ref\":" + JsonQuote(args.Get("member-ref")) +
                     ",\"display_name\":" + JsonQuote(args.Get("name")) +
                     ",\"group\":" + JsonQuote(args.Get("group"));
  std::string interval = args.Get("interval");
  if (!interval.empty()) {
    if (interval.find_first_not_of("0123456789") != std::string::npos) {
      std::fprintf(stderr, "postwatchctl: --interval takes seconds, got '%s'\n", interval.c_str());
      return kExitUsage;
    }
    body += ",\"interval_s\":" + interval;
  }
  if (!args.Get("ref").empty()) body += ",\"ref\":" + args.Get("ref");
  if (!args.Get("reason").empty()) body += ",\"reason\":" + JsonQuote(args.Get("reason"));
  body += "}";
  return CallApi(args, "POST", "/v1/accounts", body, PrintOneAccount);
}

int AccountsList(const Args& args) {
  std::string query;
  for (const char* name : {"platform", "group", "status", "limit", "offset"}) {
    std::string value = args.Get(name);
    if (value.empty()) continue;
    query += (query.empty() ? "?" : "&") + std::string(name) + "=" + UrlEncode(value);
  }
  return CallApi(args, "GET", "/v1/accounts" + query, "", [](const rapidjson::Document& doc) {
    Table table = AccountTable();
    for (const auto& a : doc["accounts"].GetArray()) PrintAccountRow(table, a);
    table.Print(stdout);
    const int64_t shown = doc["accounts"].Size();
    const int64_t total = doc["total"].GetInt64();
    if (shown < total) {
      std::fprintf(stderr, "%lld of %lld accounts; see --offset and --limit\n",
                   static_cast<long long>(shown), static_cast<long long>(total));
    }
  });
}

int AccountsSetPaused(const Args& args, bool paused) {
  int64_t id = AccountId(args, paused ? "postwatchctl accounts pause ID [--reason TEXT]"
                                      : "postwatchctl accounts resume ID [--reason TEXT]");
  if (id < 0) return kExitUsage;
  return CallApi(args, "POST",
                 "/v1/accounts/" + std::to_string(id) + (paused ? "/pause" : "/resume"),
                 ReasonBody(args), PrintOneAccount);
}

int AccountsRemove(const Args& args) {
  int64_t id = AccountId(args, kUsageAccountsRemove);
  if (id < 0) return kExitUsage;
  if (!args.Has("yes")) {
    std::fprintf(stderr,
                 "postwatchctl: removing account %lld erases its posts, links, flag hits and "
                 "poll history; add --yes to confirm\n",
                 static_cast<long long>(id));
    return kExitUsage;
  }
  return CallApi(
      args, "DELETE", "/v1/accounts/" + std::to_string(id), ReasonBody(args),
      [](const rapidjson::Document& doc) {
        const rapidjson::Value& e = doc["erased"];
        std::printf("removed account %s; erased %s posts, %s links, %s flag hits, %s polls\n",
                    Num(doc, "removed").c_str(), Num(e, "posts").c_str(), Num(e, "links").c_str(),
                    Num(e, "flag_hits").c_str(), Num(e, "poll_history").c_str());
      });
}

int AccountsExport(const Args& args) {
  int64_t id = AccountId(args, kUsageAccountsExport);
  if (id < 0) return kExitUsage;
  Result<AdminClient> client = ConnectAdmin(args);
  if (!client.ok()) return ReportConnectFailure(client.status());
  Result<AdminReply> reply = client->Call("GET", "/v1/accounts/" + std::to_string(id) + "/export");
  if (!reply.ok()) return ReportConnectFailure(reply.status());
  if (int rc = ReportReply(*reply); rc != kExitOk) return rc;
  std::string output = args.Get("output");
  if (output.empty() || output == "-") {
    std::fputs(reply->body.c_str(), stdout);
    return kExitOk;
  }
  // The export is personal data: readable by its owner only.
  int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  bool written = fd >= 0;
  for (size_t off = 0; written && off < reply->body.size();) {
    ssize_t n = ::write(fd, reply->body.data() + off, reply->body.size() - off);
    written = n > 0;
    if (written) off += static_cast<size_t>(n);
  }
  if (fd >= 0 && ::close(fd) != 0) written = false;
  if (!written) {
    std::fprintf(stderr, "postwatchctl: cannot write %s\n", output.c_str());
    return kExitFailed;
  }
  std::fprintf(stderr, "wrote %s\n", output.c_str());
  return kExitOk;
}

}  // namespace postwatch::ctl
