#include "admin/plugin_overrides.h"

#include <fcntl.h>
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace postwatch {

namespace {

// Owns a file descriptor; closes it on destruction.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd() { Close(); }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  int get() const { return fd_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

}  // namespace

Result<std::map<std::string, bool>> LoadPluginOverrides(const std::string& path) {
  std::map<std::string, bool> overrides;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return overrides;
    return Status::IoError("cannot read " + path + ": " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  if (doc.HasParseError() || !doc.IsObject()) {
    return Status::InvalidArgument(path + " is not a JSON object");
  }
  for (const auto& member : doc.GetObject()) {
    const rapidjson::Value& v = member.value;
    auto enabled = v.IsObject() ? v.FindMember("enabled") : v.MemberEnd();
    if (!v.IsObject() || enabled == v.MemberEnd() || !enabled->value.IsBool()) {
      return Status::InvalidArgument(path + ": plugin '" + member.name.GetString() +
                                     "' must be {\"enabled\": true|false}");
    }
    overrides[member.name.GetString()] = enabled->value.GetBool();
  }
  return overrides;
}

Status SavePluginOverrides(const std::string& path, const std::map<std::string, bool>& overrides) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  for (const auto& [name, enabled] : overrides) {
    w.Key(name.c_str());
    w.StartObject();
    w.Key("enabled");
    w.Bool(enabled);
    w.EndObject();
  }
  w.EndObject();
  std::string text = std::string(buffer.GetString()) + "\n";

  const std::string tmp = path + ".tmp";
  ScopedFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) return Status::IoError("cannot write " + tmp + ": " + std::strerror(errno));
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(fd.get(), text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::unlink(tmp.c_str());
      return Status::IoError("cannot write " + tmp + ": " + std::strerror(errno));
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd.get()) != 0) {
    ::unlink(tmp.c_str());
    return Status::IoError("cannot sync " + tmp + ": " + std::strerror(errno));
  }
  fd.Close();
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::IoError("cannot replace " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace postwatch
