// Benchmark of the flag-list matcher at the scale: 1,000,000 domain entries plus
// 100,000 URL prefixes. Prints "name value unit" lines:
//   list_load_seconds      reading and parsing the list files, and building the matcher
//   bytes_per_entry        lists plus matcher index, divided by the number of entries
//   rss_bytes_per_entry    growth of the resident set over the load, per entry
//   list_load_cpu_seconds  the same, in CPU time of the loading thread
//   match_<mix>_checks_per_second  FlagMatcher::Match on normalised URLs, one thread, wall
//                          clock; mixes: 2% and 20% of the URLs flagged
//   match_<mix>_checks_per_cpu_second  the same per second of CPU time
//   normalize_per_second   NormalizeUrl on raw links, one thread
// Usage: links_bench [domains] [prefixes] [checks]
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "links/flag_lists.h"
#include "links/flag_matcher.h"
#include "links/url_normalizer.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of this thread: the figures are per core, and other processes on a busy machine
// must not count against them.
double CpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0;
  size_t resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

const char* const kTlds[] = {"com", "net", "org", "info", "co.uk", "de", "vn", "ru"};

std::string Domain(uint64_t i) {
  return "site" + std::to_string(i * 2654435761ULL % 1000000007ULL) + "-" + std::to_string(i) +
         "." + kTlds[i % 8];
}

std::string PrefixHost(uint64_t i) { return "news" + std::to_string(i % 20000) + ".example"; }

void Print(const char* name, double value, const char* unit) {
  std::printf("%s %.6g %s\n", name, value, unit);
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t domains = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const uint64_t prefixes = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100000;
  const uint64_t checks = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 2000000;

  const fs::path dir = fs::temp_directory_path() / ("pw_links_bench_" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    std::ofstream plain(dir / "domains.txt");
    for (uint64_t i = 0; i < domains; ++i) plain << Domain(i) << '\n';
    std::ofstream csv(dir / "prefixes.csv");
    csv << "value,kind,category\n";
    for (uint64_t i = 0; i < prefixes; ++i) {
      csv << "https://" << PrefixHost(i) << "/section" << i << "/,prefix,bench\n";
    }
  }

  const size_t rss_before = ResidentBytes();
  const auto load_start = Clock::now();
  const double load_cpu_start = CpuSeconds();
  auto lists = postwatch::FlagLists::LoadDirectory(dir);
  if (!lists.ok()) {
    std::fprintf(stderr, "load failed: %s\n", lists.status().ToString().c_str());
    return 1;
  }
  const auto matcher = postwatch::FlagMatcher::Build(*lists);
  const double load_seconds = Seconds(load_start);
  const double load_cpu_seconds = CpuSeconds() - load_cpu_start;
  const size_t rss_after = ResidentBytes();
  fs::remove_all(dir);

  size_t list_bytes = 0;
  for (const auto& list : lists->lists()) list_bytes += list->MemoryBytes();
  const double entries = static_cast<double>(lists->TotalEntries());
  Print("list_entries", entries, "entries");
  Print("list_load_seconds", load_seconds, "s");
  Print("list_load_cpu_seconds", load_cpu_seconds, "s");
  Print("bytes_per_entry", static_cast<double>(list_bytes + matcher->MemoryBytes()) / entries,
        "bytes");
  Print("rss_bytes_per_entry", static_cast<double>(rss_after - rss_before) / entries, "bytes");

  // Checks on two mixes: 1 in 50 URLs flagged (most shared links are not), and 1 in 5.
  std::vector<std::string> urls;
  const auto measure = [&](const char* name, uint64_t hit_per_mille) {
    std::mt19937_64 random(42);
    const size_t distinct = 200000;
    urls.clear();
    urls.reserve(distinct);
    for (size_t i = 0; i < distinct; ++i) {
      const uint64_t r = random();
      const uint64_t bucket = r % 1000;
      if (bucket < hit_per_mille / 2) {
        urls.push_back("https://www." + Domain(r % domains) + "/article/" + std::to_string(i));
      } else if (bucket < hit_per_mille) {
        const uint64_t p = r % prefixes;
        urls.push_back("https://" + PrefixHost(p) + "/section" + std::to_string(p) + "/story");
      } else {
        urls.push_back("https://www.unlisted" + std::to_string(r % 1000003) + ".com/path/" +
                       std::to_string(i) + "?id=" + std::to_string(r % 97));
      }
    }
    // The URLs back to back in one buffer, read in order: like a URL just normalised, the
    // text being checked is in cache, and the figure measures the matcher.
    std::string url_text;
    std::vector<std::pair<size_t, size_t>> url_spans;
    for (const std::string& url : urls) {
      url_spans.emplace_back(url_text.size(), url.size());
      url_text += url;
    }
    std::vector<postwatch::FlagHit> hits;
    size_t hit_count = 0;
    const auto match_start = Clock::now();
    const double match_cpu_start = CpuSeconds();
    for (uint64_t i = 0; i < checks; ++i) {
      hits.clear();
      const auto [offset, length] = url_spans[i % distinct];
      matcher->Match(std::string_view(url_text).substr(offset, length), hits);
      hit_count += hits.size();
    }
    const double match_seconds = Seconds(match_start);
    const double match_cpu_seconds = CpuSeconds() - match_cpu_start;
    const std::string prefix = std::string("match_") + name;
    Print((prefix + "_checks_per_second").c_str(), static_cast<double>(checks) / match_seconds,
          "checks/s");
    Print((prefix + "_checks_per_cpu_second").c_str(),
          static_cast<double>(checks) / match_cpu_seconds, "checks/s");
    Print((prefix + "_hits").c_str(), static_cast<double>(hit_count), "hits");
  };
  measure("2pct_flagged", 20);
  measure("20pct_flagged", 200);
  const size_t distinct = urls.size();

  const postwatch::NormalizeOptions options;
  const uint64_t normalizations = std::min<uint64_t>(checks / 10, 200000);
  size_t normalized_ok = 0;
  const auto normalize_start = Clock::now();
  for (uint64_t i = 0; i < normalizations; ++i) {
    auto url = postwatch::NormalizeUrl(urls[i % distinct] + "&utm_source=bench", options);
    normalized_ok += url.ok() ? 1 : 0;
  }
  Print("normalize_per_second", static_cast<double>(normalizations) / Seconds(normalize_start),
        "urls/s");
  return normalized_ok == normalizations ? 0 : 1;
}
