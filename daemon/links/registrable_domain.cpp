#include "links/registrable_domain.h"

#include <libpsl.h>

#include <memory>

namespace postwatch {
namespace {

struct PslDeleter {
  void operator()(psl_ctx_t* psl) const noexcept { psl_free(psl); }
};

// psl_latest() may return null when no list is readable; psl_builtin() is then the fallback
// and must not be freed.
const psl_ctx_t* Psl() {
  static const std::unique_ptr<psl_ctx_t, PslDeleter> latest(psl_latest(nullptr));
  return latest != nullptr ? latest.get() : psl_builtin();
}

}  // namespace

std::string RegistrableDomain(std::string_view canonical_host) {
  const std::string host(canonical_host);
  const psl_ctx_t* psl = Psl();
  // Canonical hosts ending in a digit are IPv4 addresses; they have no registrable domain.
  if (psl == nullptr || host.empty() || host.front() == '[' ||
      (host.back() >= '0' && host.back() <= '9')) {
    return host;
  }
  const char* registrable = psl_registrable_domain(psl, host.c_str());
  return registrable != nullptr ? std::string(registrable) : host;
}

bool IsPublicSuffix(std::string_view canonical_host) {
  const std::string host(canonical_host);
  const psl_ctx_t* psl = Psl();
  if (psl == nullptr || host.empty()) return false;
  return psl_is_public_suffix2(psl, host.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

}  // namespace postwatch
