// Post and PostLink: what a plugin found, and each outbound link after the link pipeline.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace postwatch {

enum class PostKind { kPost = 0, kVideo = 1, kReply = 2, kShare = 3 };

inline const char* PostKindName(PostKind k) {
  switch (k) {
    case PostKind::kPost:
      return "post";
    case PostKind::kVideo:
      return "video";
    case PostKind::kReply:
      return "reply";
    case PostKind::kShare:
      return "share";
  }
  return "post";
}

// A post as a plugin reported it (copied out of pw_post).
struct Post {
  std::string id;  // platform post id, unique within the account
  std::string url;
  int64_t published_at = 0;  // Unix seconds UTC; 0 when unknown
  PostKind kind = PostKind::kPost;
  std::string text;
  std::vector<std::string> links;  // raw outbound links as found
  std::string shared_url;          // for kShare
};

// One match of a link against a flag list: the evidence an operator sees.
struct FlagHit {
  std::string list;         // the list's name (its file name without extension)
  std::string rule;         // the entry that matched, as written in the list
  std::string matched_url;  // the URL of the chain that matched (after unwrap/expansion)
};

// One outbound link of a post after unwrapping, normalisation and matching.
struct PostLink {
  std::string raw;         // as found in the post
  std::string normalized;  // final normalised URL; empty when the link was unusable
  std::string host;        // host of `normalized`
  std::vector<FlagHit> hits;
};

}  // namespace postwatch
