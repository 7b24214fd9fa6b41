// postwatchctl plugins list|enable|disable, lists list|reload and status: the admin API's
// daemon-wide endpoints from the command line.
#include <cstdio>

#include "ctl/api_call.h"
#include "ctl/commands.h"
#include "ctl/table.h"

namespace postwatch::ctl {

namespace {

void PrintPlugins(const rapidjson::Value& plugins) {
  Table table({"NAME", "VERSION", "PLATFORM", "ENABLED", "STATUS"});
  for (const auto& p : plugins.GetArray()) {
    table.AddRow({Str(p, "name"), Str(p, "version"), Str(p, "platform"), Str(p, "enabled"),
                  Str(p, "status")});
  }
  table.Print(stdout);
}

void PrintLists(const rapidjson::Document& doc) {
  Table table({"LIST", "ENTRIES", "LOADED", "LINE ERRORS", "SOURCE"});
  for (const auto& l : doc["lists"].GetArray()) {
    table.AddRow({Str(l, "name"), Num(l, "entries"), Str(l, "loaded_at"), Num(l, "line_errors"),
                  Str(l, "source")});
    if (!Str(l, "error").empty()) {
      std::fprintf(stderr, "%s: %s\n", Str(l, "name").c_str(), Str(l, "error").c_str());
    }
  }
  table.Print(stdout);
}

}  // namespace

int PluginsListOnline(const Args& args) {
  return CallApi(args, "GET", "/v1/plugins", "",
                 [](const rapidjson::Document& doc) { PrintPlugins(doc["plugins"]); });
}

int PluginsSetEnabled(const Args& args, bool enabled) {
  if (args.positional.size() != 1) {
    std::fprintf(stderr, "usage: postwatchctl plugins %s NAME [--reason TEXT]\n",
                 enabled ? "enable" : "disable");
    return kExitUsage;
  }
  return CallApi(
      args, "POST",
      "/v1/plugins/" + UrlEncode(args.positional[0]) + (enabled ? "/enable" : "/disable"),
      ReasonBody(args), [](const rapidjson::Document& doc) {
        const rapidjson::Value& p = doc["plugin"];
        std::printf("plugin %s: %s (kept across restarts)\n", Str(p, "name").c_str(),
                    Str(p, "status").c_str());
      });
}

int ListsList(const Args& args) { return CallApi(args, "GET", "/v1/lists", "", PrintLists); }

int ListsReload(const Args& args) {
  return CallApi(args, "POST", "/v1/lists/reload", ReasonBody(args), PrintLists);
}

int Status(const Args& args) {
  return CallApi(args, "GET", "/v1/status", "", [](const rapidjson::Document& doc) {
    Table table({"FIELD", "VALUE"});
    for (const char* key :
         {"version", "revision", "ready", "started_at", "accounts", "polls", "failures",
          "in_flight", "last_error", "store_degraded", "store_error", "registry_file"}) {
      std::string value = Str(doc, key);
      if (value.empty()) value = "-";
      table.AddRow({key, value});
    }
    table.Print(stdout);
  });
}

}  // namespace postwatch::ctl
