#include "fetch/retry_after.h"

#include <algorithm>
#include <array>

namespace postwatch {
namespace {

constexpr std::array<std::string_view, 7> kDayNames = {"Mon", "Tue", "Wed", "Thu",
                                                       "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 12> kMonthNames = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Exactly `width` digits at text[pos]; nullopt otherwise.
std::optional<int> Digits(std::string_view text, size_t pos, size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (!IsDigit(text[i])) return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[static_cast<size_t>(month - 1)];
}

// Days from 1970-01-01 to year-month-day in the proleptic Gregorian calendar.
int64_t DaysSinceEpoch(int year, int month, int day) {
  int64_t days = 0;
  for (int y = 1970; y < year; ++y) days += IsLeapYear(y) ? 366 : 365;
  for (int m = 1; m < month; ++m) days += DaysInMonth(year, m);
  return days + day - 1;
}

// "Sun, 06 Nov 1994 08:49:37 GMT" to Unix seconds.
std::optional<int64_t> ParseImfFixdate(std::string_view text) {
  // Fixed layout: positions of every field are known.
  if (text.size() != 29) return std::nullopt;
  if (std::find(kDayNames.begin(), kDayNames.end(), text.substr(0, 3)) == kDayNames.end()) {
    return std::nullopt;
  }
  if (text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' ||
      text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  auto month_it = std::find(kMonthNames.begin(), kMonthNames.end(), text.substr(8, 3));
  if (month_it == kMonthNames.end()) return std::nullopt;
  const int month = static_cast<int>(month_it - kMonthNames.begin()) + 1;
  std::optional<int> day = Digits(text, 5, 2);
  std::optional<int> year = Digits(text, 12, 4);
  std::optional<int> hour = Digits(text, 17, 2);
  std::optional<int> minute = Digits(text, 20, 2);
  std::optional<int> second = Digits(text, 23, 2);
  if (!day || !year || !hour || !minute || !second) return std::nullopt;
  // Years before 1970 are in the past for any plausible clock; reject rather than compute.
  if (*year < 1970 || *day < 1 || *day > DaysInMonth(*year, month) || *hour > 23 || *minute > 59 ||
      *second > 60) {
    return std::nullopt;
  }
  return DaysSinceEpoch(*year, month, *day) * 86400 + *hour * 3600 + *minute * 60 + *second;
}

}  // namespace

std::optional<int64_t> ParseRetryAfter(std::string_view value, int64_t now_unix) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), IsDigit)) {
    int64_t seconds = 0;
    for (char c : value) {
      seconds = seconds * 10 + (c - '0');
      if (seconds > kMaxRetryAfterSeconds) return kMaxRetryAfterSeconds;
    }
    return seconds;
  }
  std::optional<int64_t> date = ParseImfFixdate(value);
  if (!date || *date < now_unix) return std::nullopt;
  return std::min(*date - now_unix, kMaxRetryAfterSeconds);
}

}  // namespace postwatch
