#include "sim_router.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "http_date.h"

namespace postwatch::sim {

void Router::Mount(std::string prefix, RequestHandler handler) {
  mounts_.push_back({std::move(prefix), std::move(handler)});
}

SimResponse Router::Handle(const SimRequest& request) const {
  const std::string_view path = request.path();
  const bool counted = path.substr(0, kControlPrefix.size()) != kControlPrefix;
  if (counted && stats_ != nullptr) stats_->CountRequest();

  SimResponse response;
  bool routed = false;
  for (const MountPoint& mount : mounts_) {
    if (path.substr(0, mount.prefix.size()) == mount.prefix) {
      response = mount.handler(request);
      routed = true;
      break;
    }
  }
  if (!routed) response = JsonError(404, "no such resource");

  response.headers.emplace_back("Date", FormatHttpDate(clock_() / 1000));
  response.headers.emplace_back("Server", "postwatch-sim");
  if (counted && stats_ != nullptr) stats_->CountResponse(response.status);
  return response;
}

SimResponse JsonError(unsigned status, std::string_view message) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("error");
  writer.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  writer.EndObject();
  return TextResponse(status, "application/json", std::string(buffer.GetString()) + "\n");
}

}  // namespace postwatch::sim
