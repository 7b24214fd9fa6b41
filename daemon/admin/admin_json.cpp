#include "admin/admin_json.h"

#include <rapidjson/error/en.h>

#include "base/time_format.h"
#include "config/json_schema.h"
#include "pw_schemas_embedded.h"

namespace postwatch {

namespace {

constexpr unsigned kParseFlags =
    rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag;

void WriteTimeMs(JsonWriter& w, const char* key, int64_t ms) {
  w.Key(key);
  if (ms <= 0) {
    w.Null();
  } else {
    WriteString(w, FormatRfc3339(ms / 1000));
  }
}

}  // namespace

HttpReply JsonReply(int status, std::string json) {
  HttpReply reply;
  reply.status = status;
  reply.content_type = "application/json";
  reply.body = std::move(json);
  reply.body += '\n';
  return reply;
}

HttpReply ErrorReply(int status, std::string_view message, const std::vector<JsonError>& details) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  WriteString(w, message);
  if (!details.empty()) {
    w.Key("details");
    WriteJsonErrors(w, details);
  }
  w.EndObject();
  return JsonReply(status, buffer.GetString());
}

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case Status::Code::kOk:
      return 200;
    case Status::Code::kInvalidArgument:
      return 400;
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kPermissionDenied:
      return 403;
    case Status::Code::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

JsonBody ParseJsonBody(std::string_view body, std::string_view schema_name, bool empty_is_object) {
  JsonBody out;
  const std::string source = "request body";
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    if (empty_is_object) {
      out.document.SetObject();
    } else {
      out.errors.push_back(JsonError{source, 0, 0, "", "a JSON body is required"});
    }
    return out;
  }
  out.document.Parse<kParseFlags>(body.data(), body.size());
  if (out.document.HasParseError()) {
    out.errors.push_back(JsonError{
        source, 0, 0, "",
        std::string("not JSON: ") + rapidjson::GetParseError_En(out.document.GetParseError()) +
            " at offset " + std::to_string(out.document.GetErrorOffset())});
    return out;
  }
  const auto& files = schemas::Files();
  auto schema = files.find(std::string(schema_name));
  if (schema == files.end()) {
    out.errors.push_back(
        JsonError{source, 0, 0, "", "schema " + std::string(schema_name) + " is not embedded"});
    return out;
  }
  out.errors = ValidateAgainstSchema(schema->second, out.document, source);
  return out;
}

std::string StringMember(const rapidjson::Value& object, const char* name,
                         std::string_view fallback) {
  if (!object.IsObject()) return std::string(fallback);
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return std::string(fallback);
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

AccountSpec SpecFromJson(const rapidjson::Value& object) {
  AccountSpec spec;
  spec.member_ref = StringMember(object, "member_ref");
  spec.display_name = StringMember(object, "display_name");
  spec.group = StringMember(object, "group");
  spec.platform = StringMember(object, "platform");
  spec.registered = StringMember(object, "registered");
  if (auto it = object.FindMember("interval_s"); it != object.MemberEnd() && it->value.IsInt64()) {
    spec.interval_s = it->value.GetInt64();
  }
  if (auto it = object.FindMember("ref"); it != object.MemberEnd() && it->value.IsObject()) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    it->value.Accept(w);
    spec.ref_json = buffer.GetString();
  }
  return spec;
}

void WriteString(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void WriteSpec(JsonWriter& w, const AccountSpec& spec) {
  w.Key("platform");
  WriteString(w, spec.platform);
  w.Key("registered");
  WriteString(w, spec.registered);
  w.Key("member_ref");
  WriteString(w, spec.member_ref);
  w.Key("display_name");
  WriteString(w, spec.display_name);
  w.Key("group");
  WriteString(w, spec.group);
  w.Key("interval_s");
  w.Int64(spec.interval_s);
  w.Key("ref");
  rapidjson::Document ref;
  ref.Parse(spec.ref_json.c_str());
  if (ref.HasParseError() || !ref.IsObject()) {
    w.StartObject();
    w.EndObject();
  } else {
    ref.Accept(w);
  }
}

void WriteAccount(JsonWriter& w, const Account& a) {
  w.StartObject();
  w.Key("id");
  w.Int64(a.id);
  WriteSpec(w, a.spec);
  w.Key("status");
  WriteString(w, AccountStatusName(a.status));
  w.Key("canonical_id");
  WriteString(w, a.canonical_id);
  WriteTimeMs(w, "next_due", a.next_due_ms);
  WriteTimeMs(w, "last_poll", a.last_poll_ms);
  WriteTimeMs(w, "last_success", a.last_success_ms);
  w.Key("consecutive_failures");
  w.Int(a.consecutive_failures);
  w.Key("last_error");
  WriteString(w, a.last_error);
  w.Key("last_published_at");
  if (a.last_published_at > 0) {
    WriteString(w, FormatRfc3339(a.last_published_at));
  } else {
    w.Null();
  }
  w.EndObject();
}

void WriteAccountData(JsonWriter& w, const AccountData& data) {
  w.StartObject();
  w.Key("account");
  WriteAccount(w, data.account);
  WriteTimeMs(w, "registered_at", data.created_ms);
  w.Key("stored_text");
  w.String("none: postwatch keeps a hash of each post's text, not the text");
  w.Key("posts");
  w.StartArray();
  for (const ExportedPost& p : data.posts) {
    w.StartObject();
    w.Key("post_id");
    WriteString(w, p.post_id);
    w.Key("url");
    WriteString(w, p.url);
    w.Key("published_at");
    if (p.published_at > 0) {
      WriteString(w, FormatRfc3339(p.published_at));
    } else {
      w.Null();
    }
    w.Key("kind");
    WriteString(w, p.kind);
    w.Key("shared_url");
    WriteString(w, p.shared_url);
    w.Key("text_hash");
    w.Int64(p.text_hash);
    WriteTimeMs(w, "first_seen", p.first_seen_ms);
    w.Key("links");
    w.StartArray();
    for (const ExportedLink& l : p.links) {
      w.StartObject();
      w.Key("raw");
      WriteString(w, l.raw);
      w.Key("normalized");
      WriteString(w, l.normalized);
      w.Key("host");
      WriteString(w, l.host);
      w.Key("flag_hits");
      w.StartArray();
      for (const ExportedHit& h : l.hits) {
        w.StartObject();
        w.Key("list");
        WriteString(w, h.list);
        w.Key("rule");
        WriteString(w, h.rule);
        w.Key("matched_url");
        WriteString(w, h.matched_url);
        WriteTimeMs(w, "seen", h.seen_ms);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("polls");
  w.StartArray();
  for (const ExportedPoll& p : data.polls) {
    w.StartObject();
    WriteTimeMs(w, "started", p.started_ms);
    w.Key("duration_ms");
    w.Int64(p.finished_ms - p.started_ms);
    w.Key("success");
    w.Bool(p.success);
    w.Key("reason");
    WriteString(w, p.reason);
    w.Key("http_status");
    w.Int64(p.http_status);
    w.Key("new_posts");
    w.Int64(p.new_posts);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void WriteJsonErrors(JsonWriter& w, const std::vector<JsonError>& errors) {
  w.StartArray();
  for (const JsonError& e : errors) {
    w.StartObject();
    if (e.line > 0) {
      w.Key("line");
      w.Int(e.line);
    }
    if (e.column > 0) {
      w.Key("column");
      w.Int(e.column);
    }
    if (!e.pointer.empty()) {
      w.Key("pointer");
      WriteString(w, e.pointer);
    }
    w.Key("message");
    WriteString(w, e.message);
    w.EndObject();
  }
  w.EndArray();
}

std::string AccountJson(const Account& account) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  WriteAccount(w, account);
  return buffer.GetString();
}

std::string SpecJson(const AccountSpec& spec) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteSpec(w, spec);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace postwatch
