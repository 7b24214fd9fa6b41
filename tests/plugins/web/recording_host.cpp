#include "recording_host.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace postwatch::testing {
namespace {

std::string Copy(pw_str text) {
  return text.ptr == nullptr ? std::string() : std::string(text.ptr, text.len);
}

pw_str Str(std::string_view text) { return pw_str{text.data(), text.size()}; }

RecordingHost* Self(void* ctx) { return static_cast<RecordingHost*>(ctx); }

}  // namespace

RecordingHost::RecordingHost() : host_{} {
  host_.struct_size = sizeof(pw_host);
  host_.ctx = this;
  host_.emit_post = [](void* ctx, const pw_post* post) {
    RecordedPost copy;
    copy.id = Copy(post->id);
    copy.url = Copy(post->url);
    copy.published_at = post->published_at;
    copy.kind = post->kind;
    copy.text = Copy(post->text);
    for (size_t i = 0; i < post->link_count; ++i) copy.links.push_back(Copy(post->links[i]));
    copy.shared_url = Copy(post->shared_url);
    Self(ctx)->posts.push_back(std::move(copy));
  };
  host_.emit_request = [](void* ctx, const pw_request* request) {
    RecordedRequest copy;
    copy.method = Copy(request->method);
    copy.url = Copy(request->url);
    for (size_t i = 0; i < request->header_count; ++i) {
      copy.headers.emplace_back(Copy(request->headers[i].name), Copy(request->headers[i].value));
    }
    copy.body = Copy(request->body);
    copy.tag = Copy(request->tag);
    Self(ctx)->requests.push_back(std::move(copy));
  };
  host_.emit_cursor = [](void* ctx, pw_str value) { Self(ctx)->cursor = Copy(value); };
  host_.emit_account_id = [](void*, pw_str) {};
  host_.emit_rate_limit = [](void*, const pw_rate_limit*) {};
  host_.set_error = [](void* ctx, pw_str message) { Self(ctx)->errors.push_back(Copy(message)); };
  host_.log = [](void* ctx, int level, pw_str message) {
    Self(ctx)->logs.emplace_back(level, Copy(message));
  };
}

PluginInstance::PluginInstance(const pw_plugin* plugin, std::string_view config_json)
    : plugin_(plugin) {
  init_status_ = plugin_->init(init_host_.host(), Str(config_json), &state_);
}

PluginInstance::~PluginInstance() {
  if (init_status_ == PW_OK) plugin_->destroy(state_);
}

pw_status PluginInstance::Plan(RecordingHost& host, std::string_view registered,
                               std::string_view ref_json, std::string_view cursor) const {
  pw_account account{};
  account.struct_size = sizeof(pw_account);
  account.registered = Str(registered);
  account.ref_json = Str(ref_json);
  return plugin_->plan(state_, host.host(), &account, Str(cursor));
}

pw_status PluginInstance::Parse(
    RecordingHost& host, int status, std::string_view body, std::string_view url,
    std::string_view tag, const std::vector<std::pair<std::string, std::string>>& headers) const {
  pw_account account{};
  account.struct_size = sizeof(pw_account);
  account.registered = Str(url);
  account.ref_json = Str("{}");
  std::vector<pw_header> wire_headers;
  for (const auto& [name, value] : headers) wire_headers.push_back({Str(name), Str(value)});
  pw_response response{};
  response.struct_size = sizeof(pw_response);
  response.status = status;
  response.url = Str(url);
  response.headers = wire_headers.empty() ? nullptr : wire_headers.data();
  response.header_count = wire_headers.size();
  response.body = Str(body);
  response.tag = Str(tag);
  return plugin_->parse(state_, host.host(), &account, Str(""), &response);
}

std::string ReadFileOrFail(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace postwatch::testing
