#include "registry_file.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <memory>

#include "platform_service.h"
#include "world.h"

namespace postwatch::sim {

std::string RenderRegistry(const World& world, const std::vector<std::string>& platforms,
                           std::string_view base_url) {
  PlatformContext context;
  context.world = &world;
  context.base_url = std::string(base_url);
  context.platforms = platforms;
  std::vector<std::unique_ptr<PlatformService>> services;
  for (const auto& p : platforms) services.push_back(MakePlatformService(p, context));
  const uint32_t accounts = world.account_count();
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  const auto put = [&w](std::string_view key, const std::string& value) {
    w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  w.Key("accounts");
  w.StartArray();
  for (uint32_t i = 0; i < accounts; ++i) {
    w.StartObject();
    put("member_ref", "m" + std::to_string(i));
    put("display_name", World::DisplayName(i));
    put("group", "city/district-" + std::to_string(i % 5));
    const PlatformService& service = *services[i % services.size()];
    put("platform", std::string(service.name()));
    put("registered", service.Registered(i));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace postwatch::sim
