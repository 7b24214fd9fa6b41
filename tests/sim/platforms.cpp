// The simulator's platforms. To add one: write <name>_routes.{h,cpp} with a PlatformService,
// add a line to the table below and the sources to CMakeLists.txt.
#include <functional>
#include <utility>

#include "bluesky_routes.h"
#include "facebook_routes.h"
#include "hostile_routes.h"
#include "mastodon_routes.h"
#include "platform_service.h"
#include "telegram_routes.h"
#include "tiktok_routes.h"
#include "web_routes.h"
#include "web_sites.h"
#include "youtube_routes.h"
#include "zalo_routes.h"

namespace postwatch::sim {

namespace {

// Web feeds (RSS, Atom, JSON Feed), served by WebFeedService under /acct-<i>/.
class WebPlatform : public PlatformService {
 public:
  explicit WebPlatform(const PlatformContext& c)
      : context_(c),
        feeds_(*c.world, c.served != nullptr ? *c.served : unused_log_, c.clock, c.base_url) {}
  std::string_view name() const override { return "web"; }
  std::string_view prefix() const override { return kWebPrefix; }
  std::string Registered(uint32_t account) const override {
    return context_.base_url + "/" + World::Slug(account) + "/feed";
  }
  std::string PostId(uint32_t account, uint64_t index) const override {
    return World::PostId(account, index);
  }
  SimResponse Handle(const SimRequest& request) const override { return feeds_.Handle(request); }

 private:
  PlatformContext context_;
  ServedLog unused_log_{0};
  WebFeedService feeds_;
};

using Factory = std::function<std::unique_ptr<PlatformService>(const PlatformContext&)>;

const std::vector<std::pair<std::string, Factory>>& Table() {
  static const std::vector<std::pair<std::string, Factory>> table = {
      {"web", [](const PlatformContext& c) { return std::make_unique<WebPlatform>(c); }},
      {"mastodon", MakeMastodonService},
      {"bluesky", MakeBlueskyService},
      {"hostile", MakeHostileService},
      {"youtube", MakeYoutubeService},
      {"telegram", [](const PlatformContext& c) { return MakeTelegramService(c); }},
      {std::string(kWebSitePlatform), MakeWebSiteService},
      {"tiktok", MakeTikTokService},
      {"facebook", MakeFacebookService},
      {"zalo", MakeZaloService},
      // New platforms go here.
  };
  return table;
}

}  // namespace

std::unique_ptr<PlatformService> MakePlatformService(std::string_view name,
                                                     const PlatformContext& context) {
  for (const auto& [n, make] : Table()) {
    if (n == name) return make(context);
  }
  return nullptr;
}

std::vector<std::string> KnownPlatforms() {
  std::vector<std::string> out;
  for (const auto& entry : Table()) out.push_back(entry.first);
  return out;
}

}  // namespace postwatch::sim
