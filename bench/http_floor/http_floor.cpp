// The HTTP floor of the poll benchmark: fetches a list of URLs with libcurl's multi
// interface at a fixed concurrency and throws the bodies away — no parsing, no links, no
// store. postwatchd cannot poll faster than this on the same machine, so its rate divided by
// this one says how much the rest of the pipeline costs. Prints "name value unit" lines:
//   floor_requests            requests answered (any status)
//   floor_requests_per_second requests per second of wall time
//   floor_not_modified        304 answers (with --conditional)
//   floor_bytes_per_request   body bytes per request
//   floor_cpu_per_1000_requests  CPU seconds of this process per 1,000 requests
// Usage: http_floor --urls FILE [--concurrency N] [--seconds S] [--requests N]
//                   [--conditional] [--warmup N]
// --conditional sends If-None-Match with the ETag each URL last answered, as a poller does.
// --warmup N: the first N answers are not counted (and the clock starts after them), so a
// conditional run can first learn every URL's ETag.
#include <curl/curl.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string urls_file;
  int concurrency = 64;
  double seconds = 10;
  uint64_t max_requests = 0;  // 0: until `seconds` have passed
  bool conditional = false;
  uint64_t warmup = 0;  // answers before the clock starts
};

struct MultiDeleter {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct EasyDeleter {
  void operator()(CURL* e) const { curl_easy_cleanup(e); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// One transfer slot: an easy handle reused for request after request.
struct Slot {
  std::unique_ptr<CURL, EasyDeleter> easy;
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  size_t url_index = 0;
  std::string etag;  // the ETag header of the current answer
  uint64_t body_bytes = 0;
};

size_t DiscardBody(char*, size_t size, size_t count, void* user) {
  static_cast<Slot*>(user)->body_bytes += size * count;
  return size * count;
}

size_t ReadHeader(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  constexpr std::string_view kEtag = "etag:";
  if (line.size() > kEtag.size() && strncasecmp(line.data(), kEtag.data(), kEtag.size()) == 0) {
    line.remove_prefix(kEtag.size());
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ')) {
      line.remove_suffix(1);
    }
    static_cast<Slot*>(user)->etag.assign(line);
  }
  return size * count;
}

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

bool ParseOptions(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--urls" && has_value) {
      o.urls_file = argv[++i];
    } else if (arg == "--concurrency" && has_value) {
      o.concurrency = std::atoi(argv[++i]);
    } else if (arg == "--seconds" && has_value) {
      o.seconds = std::atof(argv[++i]);
    } else if (arg == "--requests" && has_value) {
      o.max_requests = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--warmup" && has_value) {
      o.warmup = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--conditional") {
      o.conditional = true;
    } else {
      return false;
    }
  }
  return !o.urls_file.empty() && o.concurrency > 0 && o.seconds > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseOptions(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: http_floor --urls FILE [--concurrency N] [--seconds S] [--requests N] "
                 "[--conditional] [--warmup N]\n");
    return 2;
  }
  std::vector<std::string> urls;
  {
    std::ifstream in(o.urls_file);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) urls.push_back(line);
    }
  }
  if (urls.empty()) {
    std::fprintf(stderr, "http_floor: no URLs in %s\n", o.urls_file.c_str());
    return 1;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  std::unique_ptr<CURLM, MultiDeleter> multi(curl_multi_init());
  curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(o.concurrency));

  std::vector<std::string> etags(o.conditional ? urls.size() : 0);
  std::vector<Slot> slots(static_cast<size_t>(o.concurrency));
  size_t next_url = 0;
  uint64_t started = 0;
  uint64_t answered = 0;
  uint64_t not_modified = 0;
  uint64_t failed = 0;
  uint64_t body_bytes = 0;
  auto t0 = Clock::now();
  double cpu0 = ProcessCpuSeconds();
  const auto run_time =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  bool warming_up = o.warmup > 0;
  const auto more_wanted = [&] {
    if (warming_up) return true;
    if (o.max_requests > 0) return started < o.max_requests;
    return Clock::now() < t0 + run_time;
  };
  // Ends the warm-up: the counters and the clocks start from here.
  const auto end_warmup = [&] {
    warming_up = false;
    started = answered = not_modified = failed = body_bytes = 0;
    t0 = Clock::now();
    cpu0 = ProcessCpuSeconds();
  };

  const auto start = [&](Slot& slot) {
    if (!slot.easy) {
      slot.easy.reset(curl_easy_init());
      CURL* e = slot.easy.get();
      curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, DiscardBody);
      curl_easy_setopt(e, CURLOPT_WRITEDATA, &slot);
      curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, ReadHeader);
      curl_easy_setopt(e, CURLOPT_HEADERDATA, &slot);
      curl_easy_setopt(e, CURLOPT_PRIVATE, &slot);
      curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
      curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
      curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 30'000L);
    }
    slot.url_index = next_url;
    next_url = (next_url + 1) % urls.size();
    slot.etag.clear();
    slot.body_bytes = 0;
    CURL* e = slot.easy.get();
    curl_easy_setopt(e, CURLOPT_URL, urls[slot.url_index].c_str());
    slot.headers.reset();
    if (o.conditional && !etags[slot.url_index].empty()) {
      const std::string header = "If-None-Match: " + etags[slot.url_index];
      slot.headers.reset(curl_slist_append(nullptr, header.c_str()));
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, slot.headers.get());
    curl_multi_add_handle(multi.get(), e);
    ++started;
  };

  for (Slot& slot : slots) {
    if (!more_wanted()) break;
    start(slot);
  }
  // Transfers added and not yet reported done; the loop ends when none is left (curl's own
  // running count can reach 0 before the last completions are read).
  size_t in_flight = started;
  while (in_flight > 0) {
    int running = 0;
    curl_multi_perform(multi.get(), &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* e = msg->easy_handle;
      Slot* slot = nullptr;
      curl_easy_getinfo(e, CURLINFO_PRIVATE, reinterpret_cast<char**>(&slot));
      long status = 0;
      curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
      curl_multi_remove_handle(multi.get(), e);
      --in_flight;
      if (msg->data.result != CURLE_OK) {
        ++failed;
      } else {
        ++answered;
        if (status == 304) ++not_modified;
        if (o.conditional && status == 200) etags[slot->url_index] = slot->etag;
      }
      body_bytes += slot->body_bytes;
      if (warming_up && answered + failed >= o.warmup) end_warmup();
      if (more_wanted()) {
        start(*slot);
        ++in_flight;
      }
    }
    if (in_flight > 0) curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
  }
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  const double cpu = ProcessCpuSeconds() - cpu0;
  for (Slot& slot : slots) slot.easy.reset();
  multi.reset();
  curl_global_cleanup();

  const auto per = [](double a, uint64_t b) { return b ? a / static_cast<double>(b) : 0.0; };
  std::printf("floor_concurrency %d requests\n", o.concurrency);
  std::printf("floor_requests %llu requests\n", static_cast<unsigned long long>(answered));
  std::printf("floor_failed %llu requests\n", static_cast<unsigned long long>(failed));
  std::printf("floor_not_modified %llu requests\n", static_cast<unsigned long long>(not_modified));
  std::printf("floor_seconds %.2f s\n", wall);
  std::printf("floor_requests_per_second %.1f requests/s\n",
              per(static_cast<double>(answered), 1) / wall);
  std::printf("floor_bytes_per_request %.0f B\n", per(static_cast<double>(body_bytes), answered));
  std::printf("floor_cpu_per_1000_requests %.3f s\n", 1000.0 * per(cpu, answered));
  return answered > 0 ? 0 : 1;
}
