// Writing a file so that readers see either the old content or all of the new content.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace postwatch::sim {

// Writes content to "<path>.tmp.<pid>", then renames it over path. Fails with kIoError
// (naming the path and errno text) when the temporary file cannot be written or renamed; the
// temporary file is removed on failure. Thread-compatible.
Status WriteFileAtomically(const std::string& path, std::string_view content);

}  // namespace postwatch::sim
