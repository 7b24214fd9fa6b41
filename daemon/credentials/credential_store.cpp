#include "credentials/credential_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "base/log.h"

namespace postwatch {
namespace {

constexpr const char* kLog = "credentials";

Status WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::IoError(std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

std::string Serialize(const StoredCredential& c) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("secret");
  w.String(c.secret.data(), static_cast<rapidjson::SizeType>(c.secret.size()));
  w.Key("expires_at");
  w.Int64(c.expires_at);
  w.Key("refresh_expires_at");
  w.Int64(c.refresh_expires_at);
  w.Key("updated_at");
  w.Int64(c.updated_at);
  w.Key("source");
  w.String(c.source.data(), static_cast<rapidjson::SizeType>(c.source.size()));
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::optional<StoredCredential> Parse(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  auto it = doc.FindMember("secret");
  if (it == doc.MemberEnd() || !it->value.IsString() || it->value.GetStringLength() == 0) {
    return std::nullopt;
  }
  StoredCredential c;
  c.secret.assign(it->value.GetString(), it->value.GetStringLength());
  auto int_field = [&doc](const char* key) -> int64_t {
    auto m = doc.FindMember(key);
    return m != doc.MemberEnd() && m->value.IsInt64() ? m->value.GetInt64() : 0;
  };
  c.expires_at = int_field("expires_at");
  c.refresh_expires_at = int_field("refresh_expires_at");
  c.updated_at = int_field("updated_at");
  auto source = doc.FindMember("source");
  if (source != doc.MemberEnd() && source->value.IsString()) c.source = source->value.GetString();
  return c;
}

std::optional<int64_t> AccountIdOfFile(const std::string& name) {
  constexpr std::string_view kSuffix = ".json";
  if (name.size() <= kSuffix.size() || name.size() > 24 ||
      name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
    return std::nullopt;
  }
  int64_t id = 0;
  for (size_t i = 0; i + kSuffix.size() < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    id = id * 10 + (name[i] - '0');
  }
  return id;
}

Status EnsurePrivateDir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::IoError("cannot create credentials directory " + dir + ": " +
                           std::strerror(errno));
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::IoError("credentials directory " + dir + " is not a directory");
  }
  if ((st.st_mode & 077) != 0) {
    Log(LogLevel::kWarning, kLog,
        "credentials directory " + dir +
            " was accessible by others; "
            "setting mode 0700");
    if (::chmod(dir.c_str(), 0700) != 0) {
      return Status::IoError("cannot chmod 0700 " + dir + ": " + std::strerror(errno));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<CredentialStore>> CredentialStore::Open(const std::string& dir) {
  if (Status s = EnsurePrivateDir(dir); !s.ok()) return s;
  std::unique_ptr<CredentialStore> store(new CredentialStore(dir));
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(dir.c_str()), &::closedir);
  if (!d) return Status::IoError("cannot read " + dir + ": " + std::strerror(errno));
  MutexLock lock(&store->mu_);
  while (dirent* entry = ::readdir(d.get())) {
    const std::string name = entry->d_name;
    std::optional<int64_t> id = AccountIdOfFile(name);
    if (!id) continue;
    const std::string path = dir + "/" + name;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
      Log(LogLevel::kWarning, kLog, "cannot read " + path + ": " + std::strerror(errno));
      continue;
    }
    struct stat st {};
    std::string text;
    if (::fstat(fd, &st) == 0 && st.st_size < 1024 * 1024) {
      if ((st.st_mode & 077) != 0) ::fchmod(fd, 0600);
      text.resize(static_cast<size_t>(st.st_size));
      ssize_t n = ::read(fd, text.data(), text.size());
      text.resize(n > 0 ? static_cast<size_t>(n) : 0);
    }
    ::close(fd);
    std::optional<StoredCredential> credential = Parse(text);
    if (!credential) {
      Log(LogLevel::kWarning, kLog, path + " is not a credential file; left alone");
      continue;
    }
    store->credentials_[*id] = std::move(*credential);
  }
  return store;
}

std::string CredentialStore::PathOf(int64_t account_id) const {
  return dir_ + "/" + std::to_string(account_id) + ".json";
}

std::optional<StoredCredential> CredentialStore::Get(int64_t account_id) const {
  MutexLock lock(&mu_);
  auto it = credentials_.find(account_id);
  if (it == credentials_.end()) return std::nullopt;
  return it->second;
}

Status CredentialStore::Put(int64_t account_id, StoredCredential credential) {
  if (credential.secret.empty()) return Status::InvalidArgument("empty credential");
  if (credential.updated_at == 0) credential.updated_at = static_cast<int64_t>(std::time(nullptr));
  const std::string path = PathOf(account_id);
  const std::string tmp = path + ".tmp";
  const std::string text = Serialize(credential);
  MutexLock lock(&mu_);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Status::IoError("cannot write " + tmp + ": " + std::strerror(errno));
  Status s = WriteAll(fd, text);
  if (s.ok() && ::fsync(fd) != 0) s = Status::IoError(std::strerror(errno));
  ::close(fd);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    s = Status::IoError(std::strerror(errno));
  }
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return Status::IoError("cannot store the credential of account " + std::to_string(account_id) +
                           " in " + dir_ + ": " + s.message());
  }
  int dir_fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  credentials_[account_id] = std::move(credential);
  return Status::Ok();
}

Status CredentialStore::Erase(int64_t account_id) {
  MutexLock lock(&mu_);
  credentials_.erase(account_id);
  const std::string path = PathOf(account_id);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return Status::IoError("cannot remove " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

std::vector<int64_t> CredentialStore::Accounts() const {
  MutexLock lock(&mu_);
  std::vector<int64_t> out;
  out.reserve(credentials_.size());
  for (const auto& [id, c] : credentials_) out.push_back(id);
  return out;
}

std::string DescribeExpiry(int64_t expires_at, int64_t now_s) {
  if (expires_at <= 0) return "no expiry";
  auto span = [](int64_t s) {
    if (s >= 86400) return std::to_string(s / 86400) + "d";
    if (s >= 3600) return std::to_string(s / 3600) + "h";
    if (s >= 60) return std::to_string(s / 60) + "m";
    return std::to_string(s) + "s";
  };
  if (expires_at > now_s) return "expires in " + span(expires_at - now_s);
  return "expired " + span(now_s - expires_at) + " ago";
}

}  // namespace postwatch
