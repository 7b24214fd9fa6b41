// Benchmark of store ingest: synthetic poll records with posts and links go through
// Store::Submit() to the batching writer, as the poller sends them. Prints "name value unit"
// lines:
//   store_posts                 posts committed
//   store_ingest_posts_per_second   posts committed per second of wall time (Submit to Stop)
//   store_ingest_links_per_second   links committed per second
//   store_cpu_per_1000_posts    CPU seconds of the process per 1,000 posts
//   store_bytes_per_post        database file plus WAL, divided by the posts
//   store_mib_per_million_posts the same, scaled to one million posts
// Usage: store_bench [posts] [posts_per_record] [accounts] [db_dir]
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/account.h"
#include "model/poll_record.h"
#include "store/store.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

const char* const kHosts[] = {"news.example.org", "blog.example.net", "flagged-one.example",
                              "video.example.com", "shop.example.vn"};

// A post like the web plugin reports: title-sized text, two or three links.
postwatch::StoredPost MakePost(int64_t account, uint64_t index) {
  postwatch::StoredPost stored;
  postwatch::Post& post = stored.post;
  post.id = "acct-" + std::to_string(account) + "-post-" + std::to_string(index);
  post.url =
      "http://127.0.0.1:8080/acct-" + std::to_string(account) + "/posts/" + std::to_string(index);
  post.published_at = 1'700'000'000 + static_cast<int64_t>(index) * 60;
  post.text = "Weekly roundup #" + std::to_string(index) + " from Account " +
              std::to_string(account) + ". Notes from the council and market prices.";
  const uint64_t links = 2 + index % 2;
  for (uint64_t j = 0; j < links; ++j) {
    const uint64_t h =
        (static_cast<uint64_t>(account) * 2654435761ULL + index * 40503ULL + j) % 1'000'003ULL;
    postwatch::PostLink link;
    link.host = kHosts[h % std::size(kHosts)];
    link.raw = "https://" + link.host + "/story/" + std::to_string(h) + "?utm_source=feed";
    link.normalized = "https://" + link.host + "/story/" + std::to_string(h);
    if (h % std::size(kHosts) == 2) {
      link.hits.push_back({"bench", "flagged-one.example", link.normalized});
    }
    post.links.push_back(link.raw);
    stored.links.push_back(std::move(link));
  }
  return stored;
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t total_posts = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200'000;
  const uint64_t per_record = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20;
  const int64_t accounts = argc > 3 ? std::strtoll(argv[3], nullptr, 10) : 10'000;
  const fs::path dir = argc > 4 ? fs::path(argv[4]) : fs::temp_directory_path() / "pw-store-bench";
  if (total_posts == 0 || per_record == 0 || accounts <= 0) {
    std::fprintf(stderr, "usage: store_bench [posts] [posts_per_record] [accounts] [db_dir]\n");
    return 2;
  }
  fs::remove_all(dir);
  fs::create_directories(dir);

  postwatch::StoreOptions options;
  options.path = (dir / "bench.db").string();
  options.queue_capacity = 10'000;  // the daemon's defaults (examples/postwatch.json)
  options.batch_max_records = 500;
  options.batch_max_delay_ms = 200;
  auto store = postwatch::Store::Open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "store_bench: %s\n", store.status().ToString().c_str());
    return 1;
  }
  std::vector<postwatch::AccountSpec> specs;
  specs.reserve(static_cast<size_t>(accounts));
  for (int64_t i = 0; i < accounts; ++i) {
    postwatch::AccountSpec spec;
    spec.member_ref = "m" + std::to_string(i);
    spec.display_name = "Account " + std::to_string(i);
    spec.group = "city/district-" + std::to_string(i % 40);
    spec.platform = "web";
    spec.registered = "http://127.0.0.1:8080/acct-" + std::to_string(i) + "/feed";
    specs.push_back(std::move(spec));
  }
  if (auto sync = (*store)->SyncAccounts(specs); !sync.ok()) {
    std::fprintf(stderr, "store_bench: %s\n", sync.status().ToString().c_str());
    return 1;
  }
  auto loaded = (*store)->LoadAccounts();
  if (!loaded.ok() || loaded->empty()) {
    std::fprintf(stderr, "store_bench: cannot load accounts\n");
    return 1;
  }
  const std::vector<postwatch::Account> registered = std::move(*loaded);

  uint64_t committed_posts = 0;
  uint64_t committed_links = 0;
  (*store)->SetCommitCallback([&](const std::vector<postwatch::CommitResult>& results) {
    for (const auto& r : results) {
      committed_posts += static_cast<uint64_t>(r.new_posts);
      committed_links += static_cast<uint64_t>(r.new_links);
    }
  });
  (*store)->Start();

  // Records are built before the clock starts, so the figure is the store's alone.
  std::vector<postwatch::PollRecord> records;
  records.reserve(total_posts / per_record + 1);
  std::vector<uint64_t> next_index(registered.size(), 0);
  for (uint64_t made = 0, n = 0; made < total_posts; ++n) {
    const size_t slot = n % registered.size();
    postwatch::PollRecord record;
    record.account_id = registered[slot].id;
    record.plugin = "web";
    record.success = true;
    record.http_status = 200;
    record.started_ms = 1'700'000'000'000 + static_cast<int64_t>(n);
    record.finished_ms = record.started_ms + 5;
    record.next_due_ms = record.started_ms + 900'000;
    record.etag = "\"e" + std::to_string(n) + "\"";
    for (uint64_t k = 0; k < per_record && made < total_posts; ++k, ++made) {
      record.posts.push_back(MakePost(record.account_id, next_index[slot]++));
    }
    records.push_back(std::move(record));
  }

  const double cpu0 = ProcessCpuSeconds();
  const auto t0 = Clock::now();
  for (auto& record : records) {
    if (auto s = (*store)->Submit(std::move(record)); !s.ok()) {
      std::fprintf(stderr, "store_bench: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  (*store)->Stop();
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  const double cpu = ProcessCpuSeconds() - cpu0;
  const auto size = (*store)->DatabaseSizeBytes();
  const double bytes = size.ok() ? static_cast<double>(*size) : 0.0;
  const postwatch::StoreWriterStats stats = (*store)->writer_stats();

  std::printf("store_posts %llu posts\n", static_cast<unsigned long long>(committed_posts));
  std::printf("store_links %llu links\n", static_cast<unsigned long long>(committed_links));
  std::printf("store_batches %llu batches\n",
              static_cast<unsigned long long>(stats.batches_committed));
  std::printf("store_ingest_seconds %.3f s\n", wall);
  std::printf("store_ingest_posts_per_second %.0f posts/s\n",
              static_cast<double>(committed_posts) / wall);
  std::printf("store_ingest_links_per_second %.0f links/s\n",
              static_cast<double>(committed_links) / wall);
  std::printf("store_cpu_per_1000_posts %.4f s\n",
              committed_posts ? 1000.0 * cpu / static_cast<double>(committed_posts) : 0.0);
  std::printf("store_bytes_per_post %.0f B\n",
              committed_posts ? bytes / static_cast<double>(committed_posts) : 0.0);
  std::printf(
      "store_mib_per_million_posts %.0f MiB\n",
      committed_posts ? bytes / static_cast<double>(committed_posts) * 1e6 / 1048576.0 : 0.0);
  std::printf("ratio_store_ingest_vs_target %.2f x\n",
              static_cast<double>(committed_posts) / wall / 100'000.0);
  store->reset();
  fs::remove_all(dir);
  return committed_posts == total_posts ? 0 : 1;
}
