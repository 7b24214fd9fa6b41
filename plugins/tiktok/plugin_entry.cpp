// The one exported symbol of postwatch_tiktok.so. Kept out of pw_tiktok_plugin_core so that
// tests can link the core without exporting anything.
#include "postwatch/plugin_api.h"
#include "tiktok/tiktok_plugin.h"

extern "C" PW_PLUGIN_EXPORT const pw_plugin* postwatch_plugin_v1(uint32_t host_major,
                                                                 uint32_t /*host_minor*/) {
  if (host_major != PW_ABI_MAJOR) return nullptr;
  return postwatch::tiktok::TikTokPlugin();
}
