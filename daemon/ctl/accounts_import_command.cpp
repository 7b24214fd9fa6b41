// postwatchctl accounts import FILE: registers the accounts of a registry file (JSON or
// CSV) through the admin API, in chunks, with a progress line on a terminal and a report
// of every row that was not added.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "admin/account_import.h"
#include "ctl/api_call.h"
#include "ctl/commands.h"
#include "ctl/table.h"
#include "registry/registry_file.h"

namespace postwatch::ctl {

namespace {

constexpr size_t kDefaultChunk = 500;

// {"accounts": [...]} for specs[begin, end), in accounts.schema.json form.
std::string ChunkJson(const std::vector<AccountSpec>& specs, size_t begin, size_t end) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("accounts");
  w.StartArray();
  for (size_t i = begin; i < end; ++i) {
    const AccountSpec& s = specs[i];
    w.StartObject();
    w.Key("member_ref");
    w.String(s.member_ref.c_str());
    w.Key("display_name");
    w.String(s.display_name.c_str());
    w.Key("group");
    w.String(s.group.c_str());
    w.Key("platform");
    w.String(s.platform.c_str());
    w.Key("registered");
    w.String(s.registered.c_str());
    if (s.interval_s > 0) {
      w.Key("interval_s");
      w.Int64(s.interval_s);
    }
    rapidjson::Document ref;
    ref.Parse(s.ref_json.c_str());
    if (!ref.HasParseError() && ref.IsObject() && ref.MemberCount() > 0) {
      w.Key("ref");
      ref.Accept(w);
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buffer.GetString();
}

struct ImportTotals {
  int64_t added = 0;
  int64_t existing = 0;
  int64_t failed = 0;
  int64_t unsupported = 0;
};

}  // namespace

int AccountsImport(const Args& args) {
  if (args.positional.size() != 1) {
    std::fprintf(stderr, "usage: %s\n", kUsageAccountsImport);
    return kExitUsage;
  }
  const std::string& path = args.positional[0];
  size_t chunk = kDefaultChunk;
  if (!args.Get("chunk").empty()) {
    chunk = static_cast<size_t>(std::stoul(args.Get("chunk")));
    if (chunk == 0) chunk = kDefaultChunk;
  }
  const bool json = args.Has("json");
  const bool progress = !json && ::isatty(STDERR_FILENO) == 1;

  // The file is checked here, with its own line numbers; only good rows are sent.
  RegistryLoad load = LoadRegistryFile(path);
  ImportTotals totals;
  Table problems({"WHERE", "RESULT", "DETAIL"});
  rapidjson::Document report(rapidjson::kObjectType);
  auto& alloc = report.GetAllocator();
  rapidjson::Value rows(rapidjson::kArrayType);
  for (const JsonError& e : load.errors) {
    const bool unsupported = IsUnsupportedPlatformError(e);
    (unsupported ? totals.unsupported : totals.failed) += 1;
    std::string where = e.file + (e.line > 0 ? ":" + std::to_string(e.line) : "");
    problems.AddRow({where, unsupported ? "unsupported" : "invalid", e.message});
    rapidjson::Value row(rapidjson::kObjectType);
    row.AddMember("result", rapidjson::StringRef(unsupported ? "unsupported" : "invalid"), alloc);
    row.AddMember("line", e.line, alloc);
    row.AddMember("message", rapidjson::Value(e.message.c_str(), alloc), alloc);
    rows.PushBack(row, alloc);
  }

  if (!load.accounts.empty()) {
    Result<AdminClient> client = ConnectAdmin(args);
    if (!client.ok()) return ReportConnectFailure(client.status());
    const std::string reason = args.Get("reason");
    const std::string query = reason.empty() ? "" : "?reason=" + UrlEncode(reason);
    for (size_t begin = 0; begin < load.accounts.size(); begin += chunk) {
      const size_t end = std::min(load.accounts.size(), begin + chunk);
      if (progress) {
        std::fprintf(stderr, "\rimporting %zu/%zu accounts...", begin, load.accounts.size());
        std::fflush(stderr);
      }
      Result<AdminReply> reply =
          client->Call("POST", "/v1/accounts/import" + query, ChunkJson(load.accounts, begin, end));
      if (!reply.ok()) {
        if (progress) std::fputc('\n', stderr);
        return ReportConnectFailure(reply.status());
      }
      if (int rc = ReportReply(*reply); rc != kExitOk) {
        if (progress) std::fputc('\n', stderr);
        std::fprintf(stderr, "postwatchctl: stopped after %zu of %zu accounts\n", begin,
                     load.accounts.size());
        return rc;
      }
      rapidjson::Document doc;
      doc.Parse(reply->body.c_str());
      if (doc.HasParseError() || !doc.HasMember("rows")) {
        std::fprintf(stderr, "postwatchctl: unexpected reply: %s\n", reply->body.c_str());
        return kExitFailed;
      }
      for (auto& row : doc["rows"].GetArray()) {
        const std::string result = Str(row, "result");
        if (result == "added") {
          ++totals.added;
        } else if (result == "exists") {
          ++totals.existing;
        } else {
          ++totals.failed;
          problems.AddRow(
              {Str(row, "platform") + " " + Str(row, "registered"), result, Str(row, "message")});
        }
        rows.PushBack(rapidjson::Value(row, alloc), alloc);
      }
    }
    if (progress)
      std::fprintf(stderr, "\rimported %zu/%zu accounts.   \n", load.accounts.size(),
                   load.accounts.size());
  }

  if (json) {
    report.AddMember("added", totals.added, alloc);
    report.AddMember("existing", totals.existing, alloc);
    report.AddMember("unsupported", totals.unsupported, alloc);
    report.AddMember("failed", totals.failed, alloc);
    report.AddMember("rows", rows, alloc);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    report.Accept(w);
    std::printf("%s\n", buffer.GetString());
  } else {
    if (!problems.empty()) problems.Print(stdout);
    std::printf("%lld added, %lld already registered, %lld unsupported, %lld failed\n",
                static_cast<long long>(totals.added), static_cast<long long>(totals.existing),
                static_cast<long long>(totals.unsupported), static_cast<long long>(totals.failed));
  }
  return totals.failed + totals.unsupported > 0 ? kExitFailed : kExitOk;
}

}  // namespace postwatch::ctl
