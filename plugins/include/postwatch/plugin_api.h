/*
 * postwatch plugin ABI, version 1.1.
 *
 * 1.0  the first version.
 * 1.1  owner-granted credentials: pw_account.app_credential, pw_host.emit_credential and
 *      emit_authorize_url, pw_credential, pw_grant and pw_plugin.authorize. Appended only;
 *      a 1.0 plugin runs unchanged on a 1.1 host (it simply has no grant flow).
 *
 * This is the only header shared between postwatchd and its fetch plugins. It is plain C so
 * that a plugin can be written in any language that can export a C function.
 *
 * Principles
 *  - The host owns all I/O. A plugin never opens a socket or a file: it plans HTTP requests
 *    and parses the responses the host fetched for it. Every plugin is therefore a pure
 *    function of its inputs, testable and fuzzable offline (`postwatchctl plugins replay`).
 *  - One entry symbol: postwatch_plugin_v1(). Everything else is reached through the
 *    function table it returns.
 *  - Versioning. Host and plugin majors must be equal; the effective minor is the lower of
 *    the two. Every struct that crosses the boundary starts with `struct_size`; fields are
 *    only ever appended, and neither side reads past the `struct_size` the other side set.
 *  - Ownership. Nothing is freed across the boundary. Buffers the host passes in are valid
 *    only for the duration of the call. Data the plugin hands out goes through the emit_*
 *    callbacks of pw_host, and the host copies it before the callback returns, so the
 *    plugin may pass pointers into its own stack or scratch buffers.
 *  - Threads. The host may call plan/parse of one plugin from several threads at once, each
 *    call with its own pw_host. A plugin's state must therefore be read-only after init(),
 *    or synchronised by the plugin.
 *  - Strings are (ptr,len) pairs of UTF-8 bytes, not NUL-terminated. ptr may be NULL when
 *    len is 0.
 */
#ifndef POSTWATCH_PLUGIN_API_H_
#define POSTWATCH_PLUGIN_API_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PW_ABI_MAJOR 1u
#define PW_ABI_MINOR 1u

/* The name of the one exported symbol, for dlsym(). */
#define PW_PLUGIN_ENTRY_SYMBOL "postwatch_plugin_v1"

/* Typed results. The host maps each code to a policy and to a metric label:
 *   PW_OK             the call did what it was asked; more responses may follow.
 *   PW_DONE           the poll is complete; follow-up requests emitted in this call are
 *                     ignored.
 *   PW_E_PARSE        the bytes are not what the format promises (bad XML, bad JSON).
 *   PW_E_LAYOUT       the bytes parse, but the shape changed: a 200 that yields nothing where
 *                     posts were expected. Raises an alert rather than recording zero posts.
 *   PW_E_AUTH         the credentials were refused or have expired.
 *   PW_E_GONE         the account no longer exists or cannot be read publicly.
 *   PW_E_RATELIMITED  the platform asked us to slow down; the host backs off.
 *   PW_E_CONFIG       the plugin's config or the account's ref is invalid.
 *   PW_E_INTERNAL     a bug in the plugin.
 * Every error return should be preceded by pw_host.set_error() with a human message. */
typedef enum pw_status {
  PW_OK = 0,
  PW_DONE = 1,
  PW_E_PARSE = -1,
  PW_E_LAYOUT = -2,
  PW_E_AUTH = -3,
  PW_E_GONE = -4,
  PW_E_RATELIMITED = -5,
  PW_E_CONFIG = -6,
  PW_E_INTERNAL = -7
} pw_status;

typedef struct pw_str {
  const char* ptr;
  size_t len;
} pw_str;

typedef struct pw_header {
  pw_str name; /* case-insensitive, as on the wire */
  pw_str value;
} pw_header;

/* An HTTP request the plugin asks the host to make. The host applies its own policy to it:
 * the URL's host must be in the plugin's egress_hosts, the SSRF guard, robots.txt for
 * PW_PLUGIN_READS_WEB_PAGES plugins, rate limits, caps, conditional GET. */
typedef struct pw_request {
  uint32_t struct_size;
  pw_str method;            /* "GET" (default when empty), "HEAD" or "POST" */
  pw_str url;               /* absolute http(s) URL */
  const pw_header* headers; /* extra request headers; may be NULL */
  size_t header_count;
  pw_str body; /* request body for POST; empty otherwise */
  pw_str tag;  /* opaque to the host; returned in the response, so the plugin
                  knows which step of its protocol the response answers
                  ("page", "resolve", ...) */
} pw_request;

/* The answer to a pw_request, as the host fetched it. parse() sees every final status,
 * including 4xx and 5xx, so that the plugin can read the platform's error body; it does not
 * see 304 Not Modified (the host handles those) or transport failures. */
typedef struct pw_response {
  uint32_t struct_size;
  int32_t status;           /* HTTP status code */
  pw_str url;               /* the URL that answered, after redirects */
  const pw_header* headers; /* response headers of the final hop */
  size_t header_count;
  pw_str body; /* decoded (un-gzipped) body, at most the host's byte cap */
  pw_str tag;  /* the tag of the request this answers */
} pw_response;

/* The account being polled. */
typedef struct pw_account {
  uint32_t struct_size;
  pw_str id;         /* canonical platform id once resolved; empty before */
  pw_str registered; /* what was registered: a URL or a handle, as the member typed */
  pw_str ref_json;   /* the account's `ref` object as JSON ("{}" when absent) */
  pw_str credential; /* owner-granted credential for this account (the `secret` of the
                        last pw_credential the plugin emitted, or one an admin imported);
                        empty when none. Never log it. */
  /* ABI 1.1. The operator's own credential for this plugin, read by the host from a file
   * (the plugin's `credential_file`, or $CREDENTIALS_DIRECTORY/plugin-<name>): an API key,
   * or the OAuth app's client id and secret as JSON. Empty when none. Never log it. */
  pw_str app_credential;
} pw_account;

/* Owner-granted credentials (ABI 1.1).
 *
 * By convention `secret` is a JSON object
 *   {"access_token": "...", "refresh_token": "...", "expires_at": 1700000000,
 *    "refresh_expires_at": 1710000000, "scope": "..."}
 * (only access_token required) so that an admin can import tokens a member handed over in
 * the same shape. The host treats it as opaque bytes: it stores it with mode 0600 in the
 * state directory, never logs it, and passes it back as pw_account.credential. */
typedef struct pw_credential {
  uint32_t struct_size;
  pw_str secret;              /* what the plugin needs on later calls */
  int64_t expires_at;         /* Unix seconds when it stops working; 0 = no known expiry.
                                 The host calls refresh_credentials before then. */
  int64_t refresh_expires_at; /* Unix seconds when it can no longer be refreshed; 0 = unknown */
} pw_credential;

/* One step of the owner's grant (ABI 1.1), passed to pw_plugin.authorize. */
typedef struct pw_grant {
  uint32_t struct_size;
  pw_str redirect_uri;   /* where the platform sends the owner back (the host's callback) */
  pw_str state;          /* opaque anti-forgery value to put in the authorisation URL */
  pw_str code_challenge; /* PKCE S256 challenge (base64url of SHA-256 of the verifier) */
  pw_str code_verifier;  /* PKCE verifier, for the code exchange */
  pw_str code;           /* empty: build the authorisation URL; set: exchange this code */
} pw_grant;

typedef enum pw_post_kind {
  PW_POST_KIND_POST = 0,
  PW_POST_KIND_VIDEO = 1,
  PW_POST_KIND_REPLY = 2,
  PW_POST_KIND_SHARE = 3 /* a repost of another account's post; shared_url is set */
} pw_post_kind;

/* One post found by parse(). */
typedef struct pw_post {
  uint32_t struct_size;
  pw_str id;            /* platform post id, unique within the account; required */
  pw_str url;           /* canonical URL of the post; may be empty */
  int64_t published_at; /* seconds since the Unix epoch, UTC; 0 when unknown */
  uint32_t kind;        /* a pw_post_kind */
  pw_str text;          /* plain text of the post; may be empty */
  const pw_str* links;  /* raw outbound links as found; the host normalises them */
  size_t link_count;
  pw_str shared_url; /* for PW_POST_KIND_SHARE: the shared post's URL (counts as a
                        link); empty otherwise */
} pw_post;

/* Hints that the plugin read from the platform's rate-limit headers. */
typedef struct pw_rate_limit {
  uint32_t struct_size;
  int64_t remaining; /* requests left in the window; -1 when unknown */
  int64_t limit;     /* window size in requests; -1 when unknown */
  int64_t reset_at;  /* Unix seconds when the window resets; 0 when unknown */
} pw_rate_limit;

/* Log levels for pw_host.log, numbered as syslog priorities. */
typedef enum pw_log_level {
  PW_LOG_ERROR = 3,
  PW_LOG_WARNING = 4,
  PW_LOG_INFO = 6,
  PW_LOG_DEBUG = 7
} pw_log_level;

/* What the host offers a plugin during one call. Every callback may be called any number of
 * times during the call it was passed to, and never after that call returns. The host
 * copies every argument before returning. `ctx` must be passed back unchanged. */
typedef struct pw_host {
  uint32_t struct_size;
  void* ctx;
  /* Records a post. Only from parse(). */
  void (*emit_post)(void* ctx, const pw_post* post);
  /* Asks the host to fetch a request and call parse() with the response. From plan(),
   * parse() and resolve(). The host caps the number of requests per poll. */
  void (*emit_request)(void* ctx, const pw_request* request);
  /* Replaces the account's cursor. The host stores it in the same transaction as the posts
   * of this poll, and passes it to the next poll's plan() and parse(). */
  void (*emit_cursor)(void* ctx, pw_str cursor);
  /* From resolve() (and parse() of a resolve step): the canonical account id. */
  void (*emit_account_id)(void* ctx, pw_str canonical_id);
  /* Rate-limit hints read from response headers; the host slows the plugin's polls. */
  void (*emit_rate_limit)(void* ctx, const pw_rate_limit* hint);
  /* The human text of the error the call is about to return. */
  void (*set_error)(void* ctx, pw_str message);
  /* A log line, attributed to the plugin by the host. */
  void (*log)(void* ctx, int level, pw_str message);
  /* ABI 1.1 (check struct_size). From parse() of a refresh or grant step: the new
   * credential. The host stores it before the next call uses it. */
  void (*emit_credential)(void* ctx, const pw_credential* credential);
  /* ABI 1.1. From authorize() without a code: the platform's authorisation URL that the
   * owner's browser is redirected to. */
  void (*emit_authorize_url)(void* ctx, pw_str url);
} pw_host;

/* Flags of pw_plugin.flags. */
#define PW_PLUGIN_READS_WEB_PAGES 0x1u /* host applies robots.txt to this plugin's requests */

/* The manifest and function table of a plugin. Returned by postwatch_plugin_v1(); must stay
 * valid and unchanged until the library is unloaded. */
typedef struct pw_plugin {
  uint32_t struct_size;
  uint32_t abi_major;              /* required: PW_ABI_MAJOR the plugin was built against */
  uint32_t abi_minor;              /* required: PW_ABI_MINOR the plugin was built against */
  const char* name;                /* required: [a-z0-9_]+, unique, names the plugin in config */
  const char* version;             /* required: the plugin's own version */
  const char* platform;            /* required: the platform it reads, e.g. "web", "mastodon" */
  const char* description;         /* required: one line for `postwatchctl plugins list` */
  const char* config_schema;       /* required: JSON Schema (draft 4) of the plugin's config */
  const char* account_schema;      /* required: JSON Schema of an account's `ref` object */
  const char* const* egress_hosts; /* required: hosts the plugin may ask to fetch. "*" means
                                      any public host (for the web plugin); "*.example.com"
                                      matches subdomains. */
  size_t egress_host_count;
  uint32_t flags; /* PW_PLUGIN_* flags */

  /* Required. Parses the plugin's config (JSON, already validated against config_schema)
   * and returns its state in *state. Returns PW_OK or PW_E_CONFIG (after set_error). */
  pw_status (*init)(const pw_host* host, pw_str config_json, void** state);
  /* Required. Frees what init() allocated. state may be NULL. */
  void (*destroy)(void* state);
  /* Required. Emits the first request(s) of a poll of `account`, whose stored cursor is
   * `cursor` (empty on the first poll). */
  pw_status (*plan)(void* state, const pw_host* host, const pw_account* account, pw_str cursor);
  /* Required. Parses one response. Emits posts, follow-up requests (next page), a new
   * cursor. Returns PW_OK when follow-ups were emitted or may still arrive, PW_DONE when
   * the poll is complete, or an error. */
  pw_status (*parse)(void* state, const pw_host* host, const pw_account* account, pw_str cursor,
                     const pw_response* response);
  /* Optional (NULL when unsupported). Turns what a member typed (account->registered) into
   * a canonical id: emits the id directly, or emits requests whose responses are passed to
   * parse() with their tags, where the plugin eventually calls emit_account_id. */
  pw_status (*resolve)(void* state, const pw_host* host, const pw_account* account);
  /* Optional (NULL when unsupported). Plans the request that refreshes an owner-granted
   * token; the response is passed to parse() with the request's tag. */
  pw_status (*refresh_credentials)(void* state, const pw_host* host, const pw_account* account);
  /* Optional (ABI 1.1; NULL when unsupported). The owner's grant. With an empty
   * grant->code: emits the authorisation URL (emit_authorize_url) built from the app
   * credential, redirect_uri, state and, where the platform supports PKCE, the challenge.
   * With a code: emits the token request(s); parse() of their responses emits the
   * credential (emit_credential) and may emit the account id. */
  pw_status (*authorize)(void* state, const pw_host* host, const pw_account* account,
                         const pw_grant* grant);
} pw_plugin;

/* The entry point, exported with default visibility. Returns NULL when the plugin cannot
 * serve a host of that version (a different major). */
typedef const pw_plugin* (*pw_plugin_entry_fn)(uint32_t host_major, uint32_t host_minor);

#if defined(__GNUC__)
#define PW_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define PW_PLUGIN_EXPORT
#endif

PW_PLUGIN_EXPORT const pw_plugin* postwatch_plugin_v1(uint32_t host_major, uint32_t host_minor);

#ifdef __cplusplus
}
#endif

#endif /* POSTWATCH_PLUGIN_API_H_ */
