#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "base/time_format.h"
#include "config/config_loader.h"
#include "ctl/commands.h"
#include "plugin_host/plugin_set.h"

namespace postwatch::ctl {

namespace {

std::string DefaultPluginDir() {
#ifdef PW_DEFAULT_PLUGIN_DIR
  return PW_DEFAULT_PLUGIN_DIR;
#else
  return "/usr/lib/postwatch/plugins";
#endif
}

// The plugin directory and per-plugin settings: --plugin-dir, else the config's.
struct PluginSource {
  std::string dir;
  std::map<std::string, PluginLoadSettings> settings;
  bool ok = true;
};

PluginSource ResolvePluginSource(const Args& args) {
  PluginSource src;
  src.dir = DefaultPluginDir();
  std::string config = args.Get("config");
  if (!config.empty()) {
    ConfigLoad load = LoadConfig(config);
    if (!load.config) {
      for (const JsonError& e : load.errors) std::fprintf(stderr, "%s\n", e.ToString().c_str());
      src.ok = false;
      return src;
    }
    src.dir = load.config->plugin_dir;
    for (const auto& [name, p] : load.config->plugins) {
      src.settings[name] = PluginLoadSettings{p.enabled, p.config_json};
    }
  }
  src.dir = args.Get("plugin-dir", src.dir);
  return src;
}

std::string JsonArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ",";
    out += JsonQuote(items[i]);
  }
  return out + "]";
}

}  // namespace

int PluginsList(const Args& args) {
  PluginSource src = ResolvePluginSource(args);
  if (!src.ok) return 1;
  PluginSet set = PluginSet::Load(src.dir, src.settings, true, !args.Has("no-permission-check"));
  bool json = args.Has("json");
  if (!json) {
    std::printf("%-12s %-10s %-5s %-10s %s\n", "NAME", "VERSION", "ABI", "PLATFORM", "STATUS");
  }
  for (const auto& e : set.entries()) {
    std::string version, abi, platform;
    if (e.plugin) {
      const auto& m = e.plugin->manifest();
      version = m.version;
      abi = std::to_string(m.abi_major) + "." + std::to_string(m.abi_minor);
      platform = m.platform;
    }
    if (json) {
      std::printf(
          "{\"name\":%s,\"version\":%s,\"abi\":%s,\"platform\":%s,\"status\":%s,\"file\":%s}\n",
          JsonQuote(e.name).c_str(), JsonQuote(version).c_str(), JsonQuote(abi).c_str(),
          JsonQuote(platform).c_str(), JsonQuote(e.status).c_str(), JsonQuote(e.file).c_str());
    } else {
      std::printf("%-12s %-10s %-5s %-10s %s\n", e.name.c_str(), version.c_str(), abi.c_str(),
                  platform.c_str(), e.status.c_str());
    }
  }
  if (set.entries().empty()) std::fprintf(stderr, "no plugins found in %s\n", src.dir.c_str());
  return 0;
}

// Runs a plugin's parse() on a saved response, offline, and prints what it emitted as JSON
// lines: post, request, cursor, account_id and error objects.
int PluginsReplay(const Args& args) {
  if (args.positional.size() != 2) {
    std::fprintf(
        stderr,
        "usage: postwatchctl plugins replay NAME FILE [--account JSON] [--status N] "
        "[--header 'K: V']... [--url URL] [--tag TAG] [--plugin-dir DIR] [--config FILE]\n");
    return 2;
  }
  const std::string& name = args.positional[0];
  const std::string& file = args.positional[1];
  PluginSource src = ResolvePluginSource(args);
  if (!src.ok) return 1;
  src.settings[name].enabled = true;
  PluginSet set = PluginSet::Load(src.dir, src.settings, false, !args.Has("no-permission-check"));
  auto plugin = set.Find(name);
  if (!plugin) {
    std::string why = "not found in " + src.dir;
    for (const auto& e : set.entries()) {
      if (e.name == name) why = e.status;
    }
    std::printf("{\"type\":\"error\",\"code\":\"PW_E_CONFIG\",\"message\":%s}\n",
                JsonQuote("plugin " + name + ": " + why).c_str());
    return 1;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", file.c_str());
    return 2;
  }
  std::ostringstream body;
  body << in.rdbuf();

  Account account;
  account.spec.platform = name;
  std::string account_json = args.Get("account", "{}");
  rapidjson::Document doc;
  doc.Parse(account_json.c_str());
  if (doc.HasParseError() || !doc.IsObject()) {
    std::fprintf(stderr, "--account must be a JSON object\n");
    return 2;
  }
  auto str = [&doc](const char* key) -> std::string {
    auto it = doc.FindMember(key);
    return it != doc.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
  };
  account.spec.registered = str("registered");
  account.canonical_id = str("id");
  account.cursor = str("cursor");
  if (auto it = doc.FindMember("ref"); it != doc.MemberEnd()) {
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    it->value.Accept(w);
    account.spec.ref_json = sb.GetString();
  }

  // By default the saved response answers the first request the plugin plans for the
  // account: its URL and tag.
  PluginCallResult plan = plugin->Plan(account, args.Get("credential", ""));
  std::string planned_url = account.spec.registered;
  std::string planned_tag;
  if (!plan.requests.empty()) {
    planned_url = plan.requests.front().url;
    planned_tag = plan.requests.front().tag;
  }
  PluginResponse response;
  response.status = std::stoi(args.Get("status", "200"));
  response.url = args.Get("url", planned_url);
  response.tag = args.Get("tag", planned_tag);
  response.body = body.str();
  for (const std::string& h : args.GetAll("header")) {
    auto colon = h.find(':');
    if (colon == std::string::npos) {
      std::fprintf(stderr, "--header wants 'Name: value', got '%s'\n", h.c_str());
      return 2;
    }
    std::string value = h.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    response.headers.emplace_back(h.substr(0, colon), value);
  }

  PluginCallResult r = plugin->Parse(account, response, args.Get("credential", ""));
  for (const Post& p : r.posts) {
    std::printf(
        "{\"type\":\"post\",\"id\":%s,\"url\":%s,\"published_at\":%s,\"kind\":\"%s\","
        "\"links\":%s%s}\n",
        JsonQuote(p.id).c_str(), JsonQuote(p.url).c_str(),
        p.published_at > 0 ? JsonQuote(FormatRfc3339(p.published_at)).c_str() : "null",
        PostKindName(p.kind), JsonArray(p.links).c_str(),
        p.shared_url.empty() ? "" : (",\"shared_url\":" + JsonQuote(p.shared_url)).c_str());
  }
  for (const PluginRequest& q : r.requests) {
    std::printf("{\"type\":\"request\",\"method\":%s,\"url\":%s,\"tag\":%s}\n",
                JsonQuote(q.method).c_str(), JsonQuote(q.url).c_str(), JsonQuote(q.tag).c_str());
  }
  if (r.cursor) std::printf("{\"type\":\"cursor\",\"cursor\":%s}\n", JsonQuote(*r.cursor).c_str());
  if (r.account_id) {
    std::printf("{\"type\":\"account_id\",\"id\":%s}\n", JsonQuote(*r.account_id).c_str());
  }
  if (r.code < 0) {
    static const char* const kNames[] = {"PW_E_PARSE",   "PW_E_LAYOUT",      "PW_E_AUTH",
                                         "PW_E_GONE",    "PW_E_RATELIMITED", "PW_E_CONFIG",
                                         "PW_E_INTERNAL"};
    std::printf("{\"type\":\"error\",\"code\":\"%s\",\"message\":%s}\n", kNames[-r.code - 1],
                JsonQuote(r.error).c_str());
    return 1;
  }
  return 0;
}

}  // namespace postwatch::ctl
