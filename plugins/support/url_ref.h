// Small URL operations plugins need before the daemon's full normaliser sees a link.
#pragma once

#include <string>
#include <string_view>

namespace postwatch::plugin {

// True when `url` starts with "http://" or "https://" (any case) and has a host.
bool IsHttpUrl(std::string_view url);

// Resolves `ref` (trimmed; may be relative, protocol-relative or absolute) against `base`
// (RFC 3986) with libxml2's xmlBuildURI. Returns the absolute URL, or "" when `ref` is empty,
// cannot be resolved, or the result is not an http(s) URL. Thread-safe.
std::string ResolveHttpUrl(std::string_view base, std::string_view ref);

// The lowercased host of an http(s) URL, without userinfo or port; "" when there is none.
std::string UrlHost(std::string_view url);

// True when two hosts name the same site: equal after lowercasing and dropping one leading
// "www.". Two empty hosts are not the same site.
bool SameSite(std::string_view host_a, std::string_view host_b);

// Replaces the scheme and authority of `url` with `origin` ("http://127.0.0.1:8080", or with
// a path prefix "http://127.0.0.1:8080/web"), keeping path, query and fragment:
// ("https://blog.example/feed.xml?x=1", "http://127.0.0.1:8080") ->
// "http://127.0.0.1:8080/feed.xml?x=1". Returns `url` unchanged when `origin` is empty or
// `url` has no scheme.
std::string ReplaceOrigin(std::string_view url, std::string_view origin);

}  // namespace postwatch::plugin
