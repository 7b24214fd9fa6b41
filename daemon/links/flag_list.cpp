#include "links/flag_list.h"

#include <algorithm>
#include <array>

#include "links/host_name.h"
#include "links/registrable_domain.h"
#include "links/url_normalizer.h"

namespace postwatch {
namespace {

// Hosts-file names that are not flagged domains.
constexpr std::array<std::string_view, 9> kHostsFileNoise = {
    "localhost",    "localhost.localdomain", "local",        "broadcasthost", "ip6-localhost",
    "ip6-loopback", "ip6-localnet",          "ip6-allnodes", "0.0.0.0",
};

// Errors past this many per list are counted in the last message instead of stored.
constexpr size_t kMaxStoredErrors = 1000;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string_view> SplitWhitespace(std::string_view s) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    const size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) tokens.push_back(s.substr(start, i - start));
  }
  return tokens;
}

// Splits one CSV record; fields may be double-quoted with "" as an escaped quote.
std::vector<std::string> SplitCsv(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back().push_back(c);
    }
  }
  for (std::string& field : fields) field = std::string(Trim(field));
  return fields;
}

bool IsIpAddressToken(std::string_view token) {
  if (token.find(':') != std::string_view::npos) {
    return IsIpLiteral("[" + std::string(token) + "]") &&
           token.find_first_not_of("0123456789abcdefABCDEF:.") == std::string_view::npos;
  }
  return IsIpLiteral(token);
}

// A plain value is a URL when it has a scheme or a path; otherwise it is a domain.
FlagEntryKind InferKind(std::string_view value) {
  return value.find('/') != std::string_view::npos ? FlagEntryKind::kUrlPrefix
                                                   : FlagEntryKind::kDomain;
}

bool IsKindName(std::string_view name) {
  const std::string lower = Lower(name);
  return lower.empty() || lower == "domain" || lower == "prefix" || lower == "url_prefix" ||
         lower == "url" || lower == "exact";
}

// Outside .csv files a line is CSV when its second comma-separated field names a kind, so
// URLs with commas in them stay plain lines.
bool LooksLikeCsv(std::string_view line) {
  if (line.find(',') == std::string_view::npos) return false;
  const std::vector<std::string> fields = SplitCsv(line);
  return fields.size() >= 2 && fields.size() <= 3 && IsKindName(fields[1]);
}

std::string_view StripComment(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return line.substr(0, i);
    }
  }
  return line;
}

}  // namespace

const char* FlagEntryKindName(FlagEntryKind kind) {
  switch (kind) {
    case FlagEntryKind::kDomain:
      return "domain";
    case FlagEntryKind::kUrlPrefix:
      return "prefix";
    case FlagEntryKind::kExactUrl:
      return "url";
  }
  return "domain";
}

std::string ListError::ToString() const {
  return file + ":" + std::to_string(line) + ": " + message;
}

FlagList FlagList::Parse(std::string name, std::string source, std::string_view text,
                         int64_t loaded_at_ms) {
  FlagList list;
  list.name_ = std::move(name);
  list.source_ = std::move(source);
  list.loaded_at_ms_ = loaded_at_ms;
  list.categories_.emplace_back();
  const bool csv_file =
      list.source_.size() >= 4 && Lower(list.source_.substr(list.source_.size() - 4)) == ".csv";
  list.values_.reserve(text.size());
  list.entries_.reserve(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  int line_number = 0;
  bool first_content_line = true;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++line_number;
    const std::string_view line = Trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    if (first_content_line && csv_file && Lower(line).rfind("value,", 0) == 0) {
      first_content_line = false;
      continue;
    }
    first_content_line = false;
    list.ParseLine(line, line_number, csv_file);
  }
  if (list.errors_.size() > kMaxStoredErrors) {
    const size_t dropped = list.errors_.size() - kMaxStoredErrors;
    list.errors_.resize(kMaxStoredErrors);
    list.errors_.back().message += " (and " + std::to_string(dropped) + " more errors)";
  }
  list.category_index_.clear();
  list.entries_.shrink_to_fit();
  list.values_.shrink_to_fit();
  return list;
}

void FlagList::ParseLine(std::string_view line, int line_number, bool csv_file) {
  if (csv_file || LooksLikeCsv(line)) {
    const std::vector<std::string> fields = SplitCsv(line);
    if (fields.size() > 3) {
      AddError(line_number, "expected value,kind,category but found " +
                                std::to_string(fields.size()) + " fields");
      return;
    }
    const std::string& value = fields[0];
    if (value.empty()) {
      AddError(line_number, "empty value");
      return;
    }
    FlagEntryKind kind = InferKind(value);
    const std::string kind_name = fields.size() > 1 ? Lower(fields[1]) : std::string();
    if (kind_name == "domain") {
      kind = FlagEntryKind::kDomain;
    } else if (kind_name == "prefix" || kind_name == "url_prefix") {
      kind = FlagEntryKind::kUrlPrefix;
    } else if (kind_name == "url" || kind_name == "exact") {
      kind = FlagEntryKind::kExactUrl;
    } else if (!kind_name.empty()) {
      AddError(line_number, "unknown kind '" + fields[1] + "' (expected domain, prefix or url)");
      return;
    }
    AddValue(value, kind, fields.size() > 2 ? fields[2] : std::string(), line_number);
    return;
  }
  const std::vector<std::string_view> tokens = SplitWhitespace(StripComment(line));
  if (tokens.empty()) return;
  if (tokens.size() >= 2 && IsIpAddressToken(tokens[0])) {
    for (size_t i = 1; i < tokens.size(); ++i) {
      const std::string lower = Lower(tokens[i]);
      if (std::find(kHostsFileNoise.begin(), kHostsFileNoise.end(), lower) !=
          kHostsFileNoise.end()) {
        continue;
      }
      AddValue(tokens[i], FlagEntryKind::kDomain, "", line_number);
    }
    return;
  }
  if (tokens.size() != 1) {
    AddError(line_number, "unexpected text after '" + std::string(tokens[0]) +
                              "' (one domain or URL per line, or a hosts-file line)");
    return;
  }
  if (IsIpAddressToken(tokens[0])) {
    AddError(line_number, "hosts-file line without a host name");
    return;
  }
  AddValue(tokens[0], InferKind(tokens[0]), "", line_number);
}

void FlagList::AddValue(std::string_view value, FlagEntryKind kind, std::string_view category,
                        int line_number) {
  std::string canonical;
  if (kind == FlagEntryKind::kDomain) {
    std::string_view domain = value;
    if (domain.rfind("*.", 0) == 0) domain.remove_prefix(2);
    if (!domain.empty() && domain.front() == '.') domain.remove_prefix(1);
    auto host = NormalizeHostName(domain);
    if (!host.ok()) {
      AddError(line_number,
               "invalid domain '" + std::string(value) + "': " + host.status().message());
      return;
    }
    canonical = std::move(host).value();
    if (!IsIpLiteral(canonical)) {
      if (canonical.find('.') == std::string::npos) {
        AddError(line_number, "domain '" + canonical + "' has a single label");
        return;
      }
      if (IsPublicSuffix(canonical)) {
        AddError(line_number, "domain '" + canonical +
                                  "' is a public suffix; it would flag every site under it");
        return;
      }
    }
  } else {
    auto url = NormalizeUrl(value);
    if (!url.ok()) {
      AddError(line_number, "invalid URL '" + std::string(value) + "': " + url.status().message());
      return;
    }
    canonical = std::move(url).value();
  }
  if (canonical.size() > UINT16_MAX) {
    AddError(line_number, "value too long");
    return;
  }
  entries_.push_back(Entry{static_cast<uint32_t>(values_.size()),
                           static_cast<uint16_t>(canonical.size()), CategoryIndex(category), kind});
  values_.insert(values_.end(), canonical.begin(), canonical.end());
}

void FlagList::AddError(int line_number, std::string message) {
  errors_.push_back(ListError{source_, line_number, std::move(message)});
}

uint16_t FlagList::CategoryIndex(std::string_view category) {
  if (category.empty()) return 0;
  const auto found = category_index_.find(std::string(category));
  if (found != category_index_.end()) return found->second;
  if (categories_.size() >= UINT16_MAX) return 0;
  categories_.emplace_back(category);
  const auto index = static_cast<uint16_t>(categories_.size() - 1);
  category_index_.emplace(categories_.back(), index);
  return index;
}

size_t FlagList::MemoryBytes() const {
  size_t bytes = values_.capacity() + entries_.capacity() * sizeof(Entry);
  for (const std::string& category : categories_)
    bytes += sizeof(std::string) + category.capacity();
  return bytes;
}

}  // namespace postwatch
