// What a member registers for a Zalo Official Account, and what cannot be read.
#pragma once

#include <string>
#include <string_view>

#include "postwatch/plugin_api.h"

namespace postwatch::zalo {

// The refusal text for personal Zalo accounts (phone numbers, zalo.me/<phone> profiles).
inline constexpr std::string_view kPersonalRefusal =
    "personal Zalo timelines have no public read interface; only Official Accounts can be "
    "polled";

struct OaParse {
  std::string oa_id;       // the Official Account id (decimal digits) on success
  pw_status code = PW_OK;  // PW_OK or PW_E_CONFIG
  std::string error;       // why, when code is PW_E_CONFIG
};

// Reads a registered Official Account: its numeric id ("4368496045530239617"), or an OA
// page URL: https://zalo.me/<oa-id>, https://oa.zalo.me/<oa-id>,
// https://oa.zalo.me/home?oaid=<oa-id> (scheme and "www." optional). Phone numbers
// ("0912345678", "+84 912 345 678", zalo.me/84912345678) and personal pages (chat.zalo.me,
// id.zalo.me) are refused with kPersonalRefusal; group invites (zalo.me/g/…) and anything
// else with a PW_E_CONFIG text saying what is accepted. Thread-safe.
OaParse ParseOaAccount(std::string_view registered);

// True for an Official Account id: 15 to 20 decimal digits, the first not '0'.
bool IsOaId(std::string_view text);

}  // namespace postwatch::zalo
