#include "plugin_runner/runner_server.h"

#include <variant>

#include "base/log.h"
#include "plugin_host/in_process_plugin.h"
#include "plugin_host/plugin_wire.h"

namespace postwatch {

namespace {

constexpr int kExitRefused = 2;
constexpr int kExitProtocol = 3;

bool Send(int out_fd, const std::string& payload) {
  return wire::WriteFrame(out_fd, payload, std::nullopt).error == wire::FrameError::kNone;
}

}  // namespace

int ServePlugin(const RunnerArgs& args, int in_fd, int out_fd) {
  auto loaded = InProcessPlugin::Load(args.plugin_path, args.check_permissions);
  if (!loaded.ok()) {
    Send(out_fd, wire::EncodeHelloRefusal(loaded.status().message()));
    return kExitRefused;
  }
  std::unique_ptr<InProcessPlugin> plugin = std::move(*loaded);
  if (!Send(out_fd, wire::EncodeHello(plugin->manifest()))) return 0;
  for (;;) {
    wire::FrameResult frame = wire::ReadFrame(in_fd, wire::kMaxHostFrameBytes, std::nullopt);
    if (frame.error == wire::FrameError::kClosed) return 0;
    if (frame.error != wire::FrameError::kNone) {
      Log(LogLevel::kError, "plugin-runner", frame.message);
      return kExitProtocol;
    }
    auto message = wire::DecodeHostMessage(frame.payload);
    if (!message.ok()) {
      Log(LogLevel::kError, "plugin-runner", message.status().message());
      return kExitProtocol;
    }
    PluginCallResult result;
    if (auto* init = std::get_if<wire::DecodedInit>(&*message)) {
      Status s = plugin->Init(init->config_json);
      if (!s.ok()) {
        result.code = PW_E_CONFIG;
        result.error = s.message().substr(s.message().rfind("init failed: ", 0) == 0 ? 13 : 0);
      }
    } else {
      const auto& call = std::get<wire::DecodedCall>(*message);
      result = plugin->Call(call.View());
    }
    if (!Send(out_fd, wire::EncodeReply(result))) return 0;
  }
}

}  // namespace postwatch
