// One admin API call as a postwatchctl subcommand: connect, send, then print the reply as
// JSON (--json) or through a human-readable printer, and turn the outcome into an exit
// code.
#pragma once

#include <rapidjson/document.h>

#include <functional>
#include <string>

#include "ctl/admin_client.h"
#include "ctl/ctl_args.h"

namespace postwatch::ctl {

using ReplyPrinter = std::function<void(const rapidjson::Document&)>;

// Sends the request and prints a 2xx reply with `print` (or verbatim with --json). Returns
// an ExitCode.
int CallApi(const Args& args, const std::string& method, const std::string& path,
            const std::string& body, const ReplyPrinter& print);

// {"reason": "..."} from --reason, or "" when not given.
std::string ReasonBody(const Args& args);

// String / integer members for printing; "" or "-" when absent.
std::string Str(const rapidjson::Value& v, const char* name);
std::string Num(const rapidjson::Value& v, const char* name);

// Percent-encodes a query parameter value.
std::string UrlEncode(const std::string& s);

}  // namespace postwatch::ctl
