#include "sim_options.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <string_view>
#include <vector>

#include "platform_service.h"

namespace postwatch::sim {

namespace {

template <typename T>
Status ParseNumber(std::string_view flag, std::string_view text, T min, T max, T& out) {
  const auto out_of_range = [&] {
    return Status::InvalidArgument(std::string(flag) + ": " + std::string(text) +
                                   " is out of range [" + std::to_string(min) + ", " +
                                   std::to_string(max) + "]");
  };
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const bool whole = !text.empty() && end == text.data() + text.size();
  if (ec == std::errc::result_out_of_range && whole) return out_of_range();
  if (ec != std::errc() || !whole) {
    return Status::InvalidArgument(std::string(flag) + ": not a number: '" + std::string(text) +
                                   "'");
  }
  if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(value)) {
      return Status::InvalidArgument(std::string(flag) + ": not a finite number");
    }
  }
  if (value < min || value > max) return out_of_range();
  out = value;
  return Status::Ok();
}

bool IsHostname(std::string_view name) {
  if (name.empty() || name.size() > 253 || name.front() == '.' || name.back() == '.') {
    return false;
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) return false;
  }
  return name.find("..") == std::string_view::npos;
}

Status ParseDomains(std::string_view text, std::vector<std::string>& out) {
  std::vector<std::string> domains;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view domain = text.substr(0, comma);
    if (!IsHostname(domain)) {
      return Status::InvalidArgument("--flag-domains: not a lowercase host name: '" +
                                     std::string(domain) + "'");
    }
    domains.emplace_back(domain);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  out = std::move(domains);
  return Status::Ok();
}

// Parses "web,youtube" into known platform names.
Status ParsePlatforms(std::string_view text, std::vector<std::string>& out) {
  out.clear();
  const std::vector<std::string> known = KnownPlatforms();
  while (!text.empty()) {
    const size_t comma = text.find(',');
    std::string name(text.substr(0, comma));
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return Status::InvalidArgument("--platforms: unknown platform '" + name +
                                     "' (known: " + list + ")");
    }
    out.push_back(std::move(name));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (out.empty()) return Status::InvalidArgument("--platforms: empty list");
  return Status::Ok();
}

}  // namespace

std::string SimUsage() {
  return R"(Usage: postwatch-sim [flags]
Serves synthetic accounts' web feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) for postwatchd.

  --port N               TCP port; 0 picks a free one (default 0)
  --bind ADDR            address to listen on (default 127.0.0.1)
  --port-file PATH       write the bound port to PATH once listening (atomically)
  --threads N            I/O threads (default 1)
  --accounts N           number of accounts acct-0..acct-N-1 (default 100)
  --seed S               world seed (default 1)
  --post-interval-s X    mean seconds between an account's posts (default 60)
  --initial-posts K      posts each account published before start (default 5)
  --feed-items N         newest posts in a feed (default 20)
  --post-text-bytes N    pad each post's HTML with link-free text to N bytes (default 0)
  --flag-share F         fraction of posts linking to a flagged domain (default 0.2)
  --flag-domains A,B     flagged domains (default: built-in .example/.test list)
  --platforms A,B        platforms of the accounts, round robin (default web; "website":
                         sites whose feed or WordPress API the web plugin must discover)
  --start-time UNIX_S    simulation start in Unix seconds (default: now)
  --base-url URL         URL prefix in feeds and the registry (default http://BIND:PORT)
  --registry-out PATH    write the accounts registry JSON to PATH and exit
  --help                 show this text

Control endpoints: GET /_sim/served, GET /_sim/stats, POST /_sim/reset-stats,
POST /_sim/reset-served, GET /_sim/info.
)";
}

Result<SimOptions> ParseSimOptions(int argc, const char* const* argv) {
  SimOptions o;
  using Setter = std::function<Status(std::string_view)>;
  const std::map<std::string_view, Setter> setters = {
      {"--port",
       [&](std::string_view v) { return ParseNumber<uint16_t>("--port", v, 0, 65535, o.port); }},
      {"--bind",
       [&](std::string_view v) {
         o.bind_address = v;
         return Status::Ok();
       }},
      {"--port-file",
       [&](std::string_view v) {
         o.port_file = v;
         return Status::Ok();
       }},
      {"--threads",
       [&](std::string_view v) { return ParseNumber<unsigned>("--threads", v, 1, 64, o.threads); }},
      {"--accounts",
       [&](std::string_view v) {
         return ParseNumber<uint32_t>("--accounts", v, 1, 10'000'000, o.world.accounts);
       }},
      {"--seed",
       [&](std::string_view v) {
         return ParseNumber<uint64_t>("--seed", v, 0, UINT64_MAX, o.world.seed);
       }},
      {"--post-interval-s",
       [&](std::string_view v) {
         return ParseNumber<double>("--post-interval-s", v, 0.02, 365.0 * 86400,
                                    o.world.post_interval_s);
       }},
      {"--initial-posts",
       [&](std::string_view v) {
         return ParseNumber<uint32_t>("--initial-posts", v, 0, 100'000, o.world.initial_posts);
       }},
      {"--feed-items",
       [&](std::string_view v) {
         return ParseNumber<uint32_t>("--feed-items", v, 1, 10'000, o.world.feed_items);
       }},
      {"--post-text-bytes",
       [&](std::string_view v) {
         return ParseNumber<uint32_t>("--post-text-bytes", v, 0, 1'000'000,
                                      o.world.post_text_bytes);
       }},
      {"--flag-share",
       [&](std::string_view v) {
         return ParseNumber<double>("--flag-share", v, 0.0, 1.0, o.world.flag_share);
       }},
      {"--flag-domains", [&](std::string_view v) { return ParseDomains(v, o.world.flag_domains); }},
      {"--platforms", [&](std::string_view v) { return ParsePlatforms(v, o.platforms); }},
      {"--start-time",
       [&](std::string_view v) {
         int64_t seconds = 0;
         Status status = ParseNumber<int64_t>("--start-time", v, 0, 32'503'680'000, seconds);
         if (status.ok()) o.start_time_ms = seconds * 1000;
         return status;
       }},
      {"--base-url",
       [&](std::string_view v) {
         if (v.substr(0, 7) != "http://" && v.substr(0, 8) != "https://") {
           return Status::InvalidArgument("--base-url: must start with http:// or https://");
         }
         while (!v.empty() && v.back() == '/') v.remove_suffix(1);
         o.base_url = v;
         return Status::Ok();
       }},
      {"--registry-out",
       [&](std::string_view v) {
         o.registry_out = v;
         return Status::Ok();
       }},
  };

  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      o.help = true;
      continue;
    }
    std::string_view value;
    bool has_value = false;
    if (const size_t eq = arg.find('='); eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    const auto it = setters.find(arg);
    if (it == setters.end()) {
      return Status::InvalidArgument("unknown flag '" + std::string(arg) + "' (see --help)");
    }
    if (!has_value) {
      if (i + 1 >= argc) return Status::InvalidArgument(std::string(arg) + ": missing value");
      value = argv[++i];
    }
    if (Status status = it->second(value); !status.ok()) return status;
  }
  return o;
}

}  // namespace postwatch::sim
