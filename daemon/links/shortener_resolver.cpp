#include "links/shortener_resolver.h"

namespace postwatch {

const std::vector<std::string>& DefaultShortenerDomains() {
  static const std::vector<std::string> kDomains = {
      "bit.ly", "bitly.com", "t.co",       "tinyurl.com", "goo.gl",      "ow.ly",
      "is.gd",  "buff.ly",   "rebrand.ly", "cutt.ly",     "shorturl.at", "tiny.cc",
      "rb.gy",  "t.ly",      "v.gd",       "s.id",        "lnkd.in",     "dlvr.it",
      "fb.me",  "youtu.be",  "trib.al",    "shor.by",     "bl.ink",      "short.io",
      "tr.im",  "soo.gd",    "clck.ru",    "vk.cc",       "surl.li",     "kgs.link",
  };
  return kDomains;
}

}  // namespace postwatch
