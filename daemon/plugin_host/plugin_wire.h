// The wire protocol between postwatchd (IsolatedPlugin) and postwatch-plugin-runner.
//
// Transport: one AF_UNIX stream socket, the runner's stdin and stdout. Each message is a
// frame: a 4-byte little-endian payload length, then the payload. A payload longer than
// the receiver's cap (kMaxHostFrameBytes towards the runner, kMaxRunnerFrameBytes towards
// the host) is a protocol error: the host kills the runner, the runner exits.
//
// Payload: one type byte, then fields in a fixed order. Fields are u8, u32 (little
// endian), i64 (little endian, two's complement) and str (u32 length + bytes); an optional
// field is a u8 presence flag followed by the field when 1.
//
//   runner -> host, once at start:
//     kHello   u8 ok; ok=1: manifest (str name, version, platform, description,
//              config_schema, account_schema; u32 n + n str egress_hosts; u32 flags,
//              abi_major, abi_minor; u8 has_resolve, has_refresh_credentials,
//              has_authorize); ok=0: str error (why the plugin was refused)
//   host -> runner, then one reply each:
//     kInit    str config_json                      -> kReply (code, error)
//     kCall    u8 method; account (str id, registered, ref_json, cursor); str credential,
//              app_credential; method=parse: response (i64 status; str url; u32 n + n
//              (str name, str value) headers; str body, tag); method=authorize: grant
//              (str redirect_uri, state, code_challenge, code_verifier, code)
//                                                   -> kReply
//   runner -> host:
//     kReply   i64 code; str error; i64 dropped; u32 n + n posts (str id, url; i64
//              published_at; u8 kind; str text; u32 n + n str links; str shared_url);
//              u32 n + n requests (str method, url; u32 n + n headers; str body, tag);
//              opt str cursor; opt str account_id; opt rate_limit (i64 remaining, limit,
//              reset_at); opt credential (str secret; i64 expires_at, refresh_expires_at);
//              opt str authorize_url
//
// The runner drops posts that would make a reply exceed kReplyPostBudgetBytes (counted in
// `dropped`). The host checks every count and length against EmitLimits while decoding: a
// reply beyond them means the runner's memory is corrupt, and is a protocol error.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "base/status.h"
#include "plugin_host/plugin.h"

namespace postwatch::wire {

inline constexpr uint32_t kMaxHostFrameBytes = 96u << 20;    // response bodies + headers
inline constexpr uint32_t kMaxRunnerFrameBytes = 64u << 20;  // a reply
inline constexpr size_t kReplyPostBudgetBytes = 32u << 20;

enum class MessageType : uint8_t { kInit = 1, kCall = 2, kHello = 100, kReply = 101 };

// Encoders. Each returns a frame payload (without the length prefix).
std::string EncodeHello(const PluginManifest& manifest);
std::string EncodeHelloRefusal(std::string_view error);
std::string EncodeInit(std::string_view config_json);
std::string EncodeCall(const PluginInvocation& call);
// Drops posts beyond kReplyPostBudgetBytes and counts them in `dropped`.
std::string EncodeReply(const PluginCallResult& result);

// A kCall decoded, owning its data; View() borrows from it.
struct DecodedCall {
  PluginMethod method = PluginMethod::kPlan;
  Account account;
  PluginResponse response;
  PluginGrant grant;
  std::string credential;
  std::string app_credential;
  PluginInvocation View() const;
};
struct DecodedInit {
  std::string config_json;
};

// Decoders. Each fails with InvalidArgument on a truncated, malformed or over-limit
// payload, or one of another type.
Result<std::variant<DecodedInit, DecodedCall>> DecodeHostMessage(std::string_view payload);
// A refusal decodes as an error status with the runner's reason.
Result<PluginManifest> DecodeHello(std::string_view payload);
Result<PluginCallResult> DecodeReply(std::string_view payload, const EmitLimits& limits);

// How reading or writing a frame ended.
enum class FrameError { kNone, kClosed, kTimeout, kTooLarge, kIo };

struct FrameResult {
  FrameError error = FrameError::kNone;
  std::string payload;  // the frame read, for ReadFrame
  std::string message;  // what went wrong, when error != kNone
};

using Deadline = std::optional<std::chrono::steady_clock::time_point>;

// Writes one frame to `fd`, waiting at most until `deadline` (none: forever). Never
// raises SIGPIPE on a socket. Works on blocking and non-blocking descriptors.
FrameResult WriteFrame(int fd, std::string_view payload, Deadline deadline);
// Reads one frame of at most `max_bytes` from `fd`. kClosed when the peer closed the
// connection (at a frame boundary or inside one).
FrameResult ReadFrame(int fd, uint32_t max_bytes, Deadline deadline);

}  // namespace postwatch::wire
