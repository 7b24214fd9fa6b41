// JSON in and out of the admin API: replies, error bodies, request bodies checked against
// the schemas in schemas/, and the JSON forms of accounts and exported data.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "config/json_error.h"
#include "http/http_server.h"
#include "model/account.h"
#include "store/account_export.h"

namespace postwatch {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// A reply with `json` as an application/json body.
HttpReply JsonReply(int status, std::string json);

// {"error": message} with `status`; `details` (file:line errors) go in "details".
HttpReply ErrorReply(int status, std::string_view message,
                     const std::vector<JsonError>& details = {});

// The HTTP status for a failed Status: 400 invalid argument, 404 not found, 403 permission
// denied, 503 unavailable, 500 otherwise.
int HttpStatusFor(const Status& status);

// Parses `body` (comments and trailing commas allowed) and validates it against the
// embedded schema `schema_name` ("admin_account.schema.json"). An empty body counts as
// {} when `empty_is_object`. Errors go to `errors`, each naming `what` as the file.
// Returns false when the body is unusable.
struct JsonBody {
  rapidjson::Document document;
  std::vector<JsonError> errors;
  bool ok() const { return errors.empty(); }
};
JsonBody ParseJsonBody(std::string_view body, std::string_view schema_name, bool empty_is_object);

// String member `name` of `object`, or `fallback`.
std::string StringMember(const rapidjson::Value& object, const char* name,
                         std::string_view fallback = "");

// An AccountSpec from a validated admin_account.schema.json object.
AccountSpec SpecFromJson(const rapidjson::Value& object);

// Writers for the JSON forms the API returns.
void WriteString(JsonWriter& w, std::string_view s);
void WriteSpec(JsonWriter& w, const AccountSpec& spec);         // the registered fields
void WriteAccount(JsonWriter& w, const Account& account);       // spec + id + polling state
void WriteAccountData(JsonWriter& w, const AccountData& data);  // an export
void WriteJsonErrors(JsonWriter& w, const std::vector<JsonError>& errors);

// The JSON text of one account (for audit records).
std::string AccountJson(const Account& account);
std::string SpecJson(const AccountSpec& spec);

}  // namespace postwatch
