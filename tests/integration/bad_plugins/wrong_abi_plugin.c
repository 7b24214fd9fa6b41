/* A plugin built for ABI major 2: the host must refuse it with a clear reason. */
#include <stddef.h>

#include "postwatch/plugin_api.h"

static const char* const kEgress[] = {"*"};

static const pw_plugin kPlugin = {sizeof(pw_plugin),
                                  2u,
                                  0u,
                                  "wrong_abi",
                                  "0.0.1",
                                  "test",
                                  "built for ABI 2",
                                  "{}",
                                  "{}",
                                  kEgress,
                                  1,
                                  0,
                                  NULL,
                                  NULL,
                                  NULL,
                                  NULL,
                                  NULL,
                                  NULL};

const pw_plugin* postwatch_plugin_v1(uint32_t host_major, uint32_t host_minor) {
  (void)host_major;
  (void)host_minor;
  return &kPlugin;
}
