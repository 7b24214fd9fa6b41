// Reading the fields of host-provided requests and responses.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "postwatch/plugin_api.h"

namespace postwatch::plugin {

// The value of the first response header named `name` (compared case-insensitively), with
// surrounding whitespace removed; nullopt when absent. The view points into the host's
// buffer and is valid only during the current call.
std::optional<std::string_view> FindHeader(const pw_response& response, std::string_view name);

// The media type of the response's Content-Type, lowercased and without parameters
// ("application/rss+xml"); "" when there is no Content-Type.
std::string MediaType(const pw_response& response);

// The response body as a view; valid only during the current call.
std::string_view Body(const pw_response& response);

// The response tag; valid only during the current call.
std::string_view Tag(const pw_response& response);

// True for 200..299.
inline bool IsSuccess(int status) { return status >= 200 && status <= 299; }

// Case-insensitive ASCII comparison.
bool EqualsNoCase(std::string_view a, std::string_view b);

}  // namespace postwatch::plugin
