#include "links/url_unwrapper.h"

#include <algorithm>

#include "links/percent_encoding.h"

namespace postwatch {
namespace {

// Where a wrapper keeps its target.
enum class TargetIn {
  kParam,       // a query parameter, one of `params` (comma-separated, first found wins)
  kWholeQuery,  // everything after '?' (href.li/?https://...)
  kAmpPath,     // google.com/amp/s/<host/path>: the path after the prefix, https
};

struct WrapperRule {
  std::string_view host;  // exact host; "*.x" matches subdomains of x; "google.*" any Google
  std::string_view path;  // exact path; "p*" matches paths starting with p; "*" any path
  TargetIn target_in;
  std::string_view params;
};

constexpr WrapperRule kRules[] = {
    {"l.facebook.com", "/l.php", TargetIn::kParam, "u"},
    {"lm.facebook.com", "/l.php", TargetIn::kParam, "u"},
    {"l.messenger.com", "/l.php", TargetIn::kParam, "u"},
    {"www.facebook.com", "/flx/warn/", TargetIn::kParam, "u"},
    {"m.facebook.com", "/flx/warn/", TargetIn::kParam, "u"},
    {"l.instagram.com", "/", TargetIn::kParam, "u"},
    {"l.threads.net", "/", TargetIn::kParam, "u"},
    {"www.youtube.com", "/redirect", TargetIn::kParam, "q"},
    {"youtube.com", "/redirect", TargetIn::kParam, "q"},
    {"m.youtube.com", "/redirect", TargetIn::kParam, "q"},
    {"google.*", "/url", TargetIn::kParam, "q,url"},
    {"google.*", "/amp/s/*", TargetIn::kAmpPath, ""},
    {"t.umblr.com", "/redirect", TargetIn::kParam, "z"},
    {"href.li", "/", TargetIn::kWholeQuery, ""},
    {"out.reddit.com", "*", TargetIn::kParam, "url"},
    {"vk.com", "/away.php", TargetIn::kParam, "to"},
    {"m.vk.com", "/away.php", TargetIn::kParam, "to"},
    {"ok.ru", "/dk", TargetIn::kParam, "st.rfn"},
    {"t.me", "/iv", TargetIn::kParam, "url"},
    {"www.linkedin.com", "/redir/redirect", TargetIn::kParam, "url"},
    {"www.tiktok.com", "/link/v2", TargetIn::kParam, "target"},
    {"steamcommunity.com", "/linkfilter/", TargetIn::kParam, "url,u"},
    {"slack-redir.net", "/link", TargetIn::kParam, "url"},
    {"exit.sc", "/", TargetIn::kParam, "url"},
    {"link.zhihu.com", "/", TargetIn::kParam, "target"},
    {"weibo.cn", "/sinaurl", TargetIn::kParam, "u"},
    {"*.safelinks.protection.outlook.com", "/", TargetIn::kParam, "url"},
};

bool IsGoogleHost(std::string_view host) {
  if (host.rfind("www.", 0) == 0) host.remove_prefix(4);
  if (host.rfind("google.", 0) != 0) return false;
  const std::string_view suffix = host.substr(7);
  // google.com, google.de, google.co.uk, google.com.vn: at most two labels after "google".
  return !suffix.empty() && std::count(suffix.begin(), suffix.end(), '.') <= 1;
}

bool HostMatches(std::string_view pattern, std::string_view host) {
  if (pattern == "google.*") return IsGoogleHost(host);
  if (pattern.rfind("*.", 0) == 0) {
    const std::string_view base = pattern.substr(2);
    return host.size() > base.size() && host.substr(host.size() - base.size()) == base &&
           host[host.size() - base.size() - 1] == '.';
  }
  return pattern == host;
}

bool PathMatches(std::string_view pattern, std::string_view path) {
  if (!pattern.empty() && pattern.back() == '*') {
    return path.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
  }
  return pattern == path;
}

std::optional<std::string> ParamValue(std::string_view query, std::string_view name) {
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view param = query.substr(start, end - start);
    const size_t eq = param.find('=');
    if (eq != std::string_view::npos && param.substr(0, eq) == name) {
      return PercentDecode(param.substr(eq + 1));
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> Target(const WrapperRule& rule, const NormalizedUrlView& url) {
  switch (rule.target_in) {
    case TargetIn::kWholeQuery: {
      if (url.query.empty()) return std::nullopt;
      std::string target(url.query);
      if (target.find("://") == std::string::npos) target = PercentDecode(target);
      return target;
    }
    case TargetIn::kAmpPath: {
      const std::string_view tail = url.path.substr(rule.path.size() - 1);
      if (tail.empty()) return std::nullopt;
      std::string target = "https://" + std::string(tail);
      if (!url.query.empty()) target += "?" + std::string(url.query);
      return target;
    }
    case TargetIn::kParam: {
      std::string_view names = rule.params;
      while (!names.empty()) {
        const size_t comma = names.find(',');
        const std::string_view name = names.substr(0, comma);
        if (auto value = ParamValue(url.query, name); value && !value->empty()) return value;
        if (comma == std::string_view::npos) break;
        names.remove_prefix(comma + 1);
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> UnwrapOnce(std::string_view normalized_url) {
  const auto url = SplitNormalizedUrl(normalized_url);
  if (!url) return std::nullopt;
  for (const WrapperRule& rule : kRules) {
    if (HostMatches(rule.host, url->host) && PathMatches(rule.path, url->path)) {
      if (auto target = Target(rule, *url)) return target;
    }
  }
  return std::nullopt;
}

Result<std::vector<std::string>> UnwrapUrl(std::string_view raw, const NormalizeOptions& options,
                                           int max_depth) {
  auto first = NormalizeUrl(raw, options);
  if (!first.ok()) return first.status();
  std::vector<std::string> chain{std::move(first).value()};
  for (int depth = 0; depth < max_depth; ++depth) {
    const auto target = UnwrapOnce(chain.back());
    if (!target) break;
    auto next = NormalizeUrl(*target, options);
    if (!next.ok()) break;
    if (std::find(chain.begin(), chain.end(), *next) != chain.end()) break;
    chain.push_back(std::move(next).value());
  }
  return chain;
}

}  // namespace postwatch
