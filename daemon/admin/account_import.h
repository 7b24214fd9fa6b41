// Helpers of the account import shared by the admin API and postwatchctl (header-only, so
// postwatchctl does not link the admin library).
#pragma once

#include <string>

#include "config/json_error.h"

namespace postwatch {

// True for a registry error that rejects a row because its platform has no public read
// interface (viber, personal Facebook profiles, personal Zalo timelines). The registry
// loader words these as UnsupportedPlatformReason() does, "platform 'viber' cannot be
// polled: <reason>"; account_import_test pins that wording.
inline bool IsUnsupportedPlatformError(const JsonError& error) {
  return error.message.rfind("platform '", 0) == 0 &&
         error.message.find("' cannot be polled: ") != std::string::npos;
}

}  // namespace postwatch
