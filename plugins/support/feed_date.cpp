#include "support/feed_date.h"

#include <array>
#include <cctype>
#include <chrono>
#include <string>
#include <vector>

namespace postwatch::plugin {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// Reads exactly `count` digits at `pos`, advancing it.
std::optional<int> Digits(std::string_view text, size_t& pos, size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (!IsDigit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

// Seconds since the epoch for a civil UTC date-time, or nullopt when it does not exist.
std::optional<int64_t> ToUnix(int year, int month, int day, int hour, int minute, int second,
                              int offset_seconds) {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 24 || minute < 0 ||
      minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  if (hour == 24 && (minute != 0 || second != 0)) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year{year},
                                   std::chrono::month{static_cast<unsigned>(month)},
                                   std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  return days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
}

// Parses "Z", "+hh:mm", "+hhmm" or "+hh" (and "-") at the end of an ISO date-time.
std::optional<int> IsoOffset(std::string_view zone) {
  if (zone.empty()) return 0;
  if (zone == "Z" || zone == "z") return 0;
  if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
  int sign = zone[0] == '-' ? -1 : 1;
  size_t pos = 1;
  auto hours = Digits(zone, pos, 2);
  if (!hours) return std::nullopt;
  int minutes = 0;
  if (pos < zone.size()) {
    if (zone[pos] == ':') ++pos;
    auto mm = Digits(zone, pos, 2);
    if (!mm) return std::nullopt;
    minutes = *mm;
  }
  if (pos != zone.size() || *hours > 23 || minutes > 59) return std::nullopt;
  return sign * (*hours * 3600 + minutes * 60);
}

struct Zone {
  const char* name;
  int hours;
};

// North American zones from RFC 822, plus the single-letter military zones with RFC 822's
// (inverted) signs, which is what the old feeds that use them meant.
constexpr std::array<Zone, 38> kZones{{
    {"gmt", 0},  {"ut", 0},   {"utc", 0},  {"z", 0},    {"est", -5}, {"edt", -4}, {"cst", -6},
    {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}, {"a", -1},   {"b", -2},
    {"c", -3},   {"d", -4},   {"e", -5},   {"f", -6},   {"g", -7},   {"h", -8},   {"i", -9},
    {"k", -10},  {"l", -11},  {"m", -12},  {"n", 1},    {"o", 2},    {"p", 3},    {"q", 4},
    {"r", 5},    {"s", 6},    {"t", 7},    {"u", 8},    {"v", 9},    {"w", 10},   {"x", 11},
    {"y", 12},   {"wet", 0},  {"cet", 1},
}};

std::optional<int> NamedZoneHours(std::string_view lower_name) {
  for (const Zone& zone : kZones) {
    if (lower_name == zone.name) return zone.hours;
  }
  return std::nullopt;
}

std::optional<int> MonthNumber(std::string_view lower_word) {
  static constexpr std::array<const char*, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (lower_word.size() < 3) return std::nullopt;
  if (lower_word == "sept") return 9;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    std::string_view month = kMonths[i];
    if (lower_word == month || (lower_word.size() == 3 && month.substr(0, 3) == lower_word)) {
      return static_cast<int>(i) + 1;
    }
  }
  return std::nullopt;
}

bool IsWeekday(std::string_view lower_word) {
  static constexpr std::array<const char*, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (std::string_view day : kDays) {
    if (lower_word == day ||
        (lower_word.size() >= 3 && day.substr(0, lower_word.size()) == lower_word)) {
      return true;
    }
  }
  return false;
}

// Parses "15:04", "15:04:05" or "15:04:05.999" into seconds of the day.
std::optional<int> ClockSeconds(std::string_view token) {
  size_t pos = 0;
  std::array<int, 3> parts{0, 0, 0};
  size_t count = 0;
  while (pos < token.size() && count < 3) {
    size_t start = pos;
    int value = 0;
    // Three digits at most are read: enough to refuse "123:00", never enough to overflow.
    while (pos < token.size() && IsDigit(token[pos]) && pos - start < 3) {
      value = value * 10 + (token[pos++] - '0');
    }
    if (pos == start || pos - start > 2) return std::nullopt;
    parts[count++] = value;
    if (pos < token.size() && token[pos] == ':') {
      ++pos;
    } else {
      break;
    }
  }
  // Fractional seconds are accepted and dropped.
  if (pos < token.size() && token[pos] == '.' && count == 3) {
    ++pos;
    while (pos < token.size() && IsDigit(token[pos])) ++pos;
  }
  if (count < 2 || pos != token.size()) return std::nullopt;
  if (parts[0] > 24 || parts[1] > 59 || parts[2] > 60) return std::nullopt;
  return parts[0] * 3600 + parts[1] * 60 + parts[2];
}

}  // namespace

std::optional<int64_t> ParseIso8601Date(std::string_view text) {
  text = Trim(text);
  size_t pos = 0;
  auto year = Digits(text, pos, 4);
  if (!year) return std::nullopt;
  int month = 1;
  int day = 1;
  bool basic = false;  // 20060102T150405Z
  if (pos == text.size()) return ToUnix(*year, 1, 1, 0, 0, 0, 0);
  if (text[pos] == '-') {
    ++pos;
    auto mm = Digits(text, pos, 2);
    if (!mm) return std::nullopt;
    month = *mm;
    if (pos == text.size()) return ToUnix(*year, month, 1, 0, 0, 0, 0);
    if (text[pos] != '-') return std::nullopt;
    ++pos;
    auto dd = Digits(text, pos, 2);
    if (!dd) return std::nullopt;
    day = *dd;
  } else {
    auto mm = Digits(text, pos, 2);
    auto dd = mm ? Digits(text, pos, 2) : std::nullopt;
    if (!dd) return std::nullopt;
    month = *mm;
    day = *dd;
    basic = true;
  }
  if (pos == text.size()) return ToUnix(*year, month, day, 0, 0, 0, 0);
  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
  ++pos;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  auto hour = Digits(text, pos, 2);
  if (!hour) return std::nullopt;
  if (!basic && pos < text.size() && text[pos] == ':') ++pos;
  auto minute = Digits(text, pos, 2);
  if (!minute) return std::nullopt;
  int second = 0;
  if (pos < text.size() && IsDigit(text[pos]) && basic) {
    second = *Digits(text, pos, 2);
  } else if (pos < text.size() && text[pos] == ':' && !basic) {
    ++pos;
    auto ss = Digits(text, pos, 2);
    if (!ss) return std::nullopt;
    second = *ss;
  }
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    size_t start = pos;
    while (pos < text.size() && IsDigit(text[pos])) ++pos;
    if (pos == start) return std::nullopt;
  }
  std::string_view zone = Trim(text.substr(pos));
  std::optional<int> offset = IsoOffset(zone);
  if (!offset) {
    // "2006-01-02 15:04:05 UTC" and friends.
    auto hours = NamedZoneHours(Lower(zone));
    if (!hours || zone.size() < 2) return std::nullopt;
    offset = *hours * 3600;
  }
  return ToUnix(*year, month, day, *hour, *minute, second, *offset);
}

std::optional<int64_t> ParseRfc822Date(std::string_view text) {
  // Split into words, numbers, clock times and signed offsets; then assign each a role.
  std::optional<int> month;
  std::optional<int> day;
  std::optional<int> year;
  int year_digits = 0;
  std::optional<int> clock;
  int offset = 0;
  bool has_offset = false;
  std::optional<int> pm;  // 1 for PM, 0 for AM.
  size_t pos = 0;
  while (pos < text.size()) {
    char c = text[pos];
    if (IsAlpha(c)) {
      size_t start = pos;
      while (pos < text.size() && IsAlpha(text[pos])) ++pos;
      std::string word = Lower(text.substr(start, pos - start));
      if (auto m = MonthNumber(word); m && !month) {
        month = m;
      } else if (IsWeekday(word)) {
        continue;
      } else if ((word == "am" || word == "pm") && clock) {
        pm = word == "pm" ? 1 : 0;
      } else if (auto hours = NamedZoneHours(word); hours && clock && !has_offset) {
        offset = *hours * 3600;
        // "GMT+0700": an explicit offset after the name wins.
        has_offset = pos >= text.size() || (text[pos] != '+' && text[pos] != '-');
      }
      continue;
    }
    if ((c == '+' || c == '-') && clock && !has_offset && pos + 1 < text.size() &&
        IsDigit(text[pos + 1])) {
      size_t start = pos++;
      while (pos < text.size() && (IsDigit(text[pos]) || text[pos] == ':')) ++pos;
      std::optional<int> parsed = IsoOffset(text.substr(start, pos - start));  // "+07:00"
      if (!parsed) return std::nullopt;
      offset = *parsed;
      has_offset = true;
      continue;
    }
    if (IsDigit(c)) {
      size_t start = pos;
      while (pos < text.size() && (IsDigit(text[pos]) || text[pos] == ':' || text[pos] == '.')) {
        ++pos;
      }
      std::string_view token = text.substr(start, pos - start);
      if (token.find(':') != std::string_view::npos) {
        if (clock) return std::nullopt;
        clock = ClockSeconds(token);
        if (!clock) return std::nullopt;
        continue;
      }
      if (token.find('.') != std::string_view::npos) return std::nullopt;
      if (token.size() > 4) return std::nullopt;
      int value = std::stoi(std::string(token));
      if (token.size() == 4 && !year) {
        year = value;
        year_digits = 4;
      } else if (!day && token.size() <= 2) {
        day = value;
      } else if (!year && token.size() <= 2) {
        year = value;
        year_digits = 2;
      } else {
        return std::nullopt;
      }
      continue;
    }
    ++pos;  // Separators: spaces, commas, dashes, slashes, parentheses.
  }
  if (!month || !day || !year) return std::nullopt;
  int full_year = *year;
  if (year_digits == 2) full_year += *year < 50 ? 2000 : 1900;
  int seconds = clock.value_or(0);
  if (pm) {
    int hour = seconds / 3600;
    if (hour < 1 || hour > 12) return std::nullopt;
    if (*pm == 1 && hour != 12) seconds += 12 * 3600;
    if (*pm == 0 && hour == 12) seconds -= 12 * 3600;
  }
  return ToUnix(full_year, *month, *day, seconds / 3600, seconds / 60 % 60, seconds % 60, offset);
}

std::optional<int64_t> ParseFeedDate(std::string_view text) {
  if (auto iso = ParseIso8601Date(text)) return iso;
  return ParseRfc822Date(text);
}

}  // namespace postwatch::plugin
