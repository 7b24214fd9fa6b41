/* A deliberately broken plugin for the isolation tests. What it does is chosen by a word in
 * the account's `registered` string (or, for init, in the config):
 *
 *   ok            plan: GET `registered`; parse: one post "ok-1" with one link, PW_DONE
 *   segv-plan     plan dereferences NULL          segv-parse   parse does
 *   hang-plan     plan never returns              hang-parse   parse never returns
 *   abort-parse   parse calls abort()             exit-parse   parse calls _exit(3)
 *   garbage       parse emits invalid UTF-8, control characters and empty ids, a link
 *                 count of a million, an unknown post kind, among two good posts
 *   huge          parse emits 100000 posts and posts with 10 MB strings
 *   print         parse writes junk to stdout first, then behaves like "ok"
 *   "segv-init"   in the config: init dereferences NULL
 *
 * refresh_credentials emits the credential "refreshed:<credential>"; authorize emits the
 * URL "https://auth.invalid/?app=<app_credential>&state=<state>". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "postwatch/plugin_api.h"

static const char* const kEgress[] = {"*"};

static pw_str S(const char* s) {
  pw_str r = {s, strlen(s)};
  return r;
}

static int Has(pw_str haystack, const char* needle) {
  size_t n = strlen(needle);
  if (haystack.ptr == NULL || haystack.len < n) return 0;
  for (size_t i = 0; i + n <= haystack.len; ++i) {
    if (memcmp(haystack.ptr + i, needle, n) == 0) return 1;
  }
  return 0;
}

static void Crash(void) {
  volatile int* volatile nowhere = NULL;
  *nowhere = 1;
}

static void Hang(void) {
  volatile int spin = 1;
  while (spin) {
  }
}

static void EmitPost(const pw_host* host, pw_str id, pw_str text, const pw_str* links,
                     size_t link_count, uint32_t kind) {
  pw_post p;
  memset(&p, 0, sizeof p);
  p.struct_size = sizeof p;
  p.id = id;
  p.text = text;
  p.links = links;
  p.link_count = link_count;
  p.kind = kind;
  p.published_at = 1700000000;
  host->emit_post(host->ctx, &p);
}

static void EmitGood(const pw_host* host, const char* id) {
  pw_str link = S("https://good.example/a");
  EmitPost(host, S(id), S("fine"), &link, 1, PW_POST_KIND_POST);
}

static void EmitGarbage(const pw_host* host) {
  static const char kBadUtf8[] = "id-\xff\xfe";
  static const char kControl[] = "id\x01with-control";
  static const char kBadText[] = "text \xc3\x28 broken";
  pw_str link = S("https://good.example/b");
  EmitGood(host, "good-1");
  EmitPost(host, S(kBadUtf8), S("x"), &link, 1, PW_POST_KIND_POST); /* dropped */
  EmitPost(host, S(kControl), S("x"), &link, 1, PW_POST_KIND_POST); /* dropped */
  EmitPost(host, S(""), S("x"), &link, 1, PW_POST_KIND_POST);       /* dropped */
  /* A real array of a million links: the host keeps its cap and counts the rest. */
  size_t many = 1000000;
  pw_str* links = calloc(many, sizeof *links);
  if (links != NULL) {
    for (size_t i = 0; i < many; ++i) links[i] = link;
    links[0] = S("https://bad.example/\xff");
    EmitPost(host, S("many-links"), S(kBadText), links, many, 77u);
    free(links);
  }
  EmitGood(host, "good-2");
}

static void EmitHuge(const pw_host* host) {
  size_t big = 10u << 20;
  char* text = malloc(big);
  if (text != NULL) {
    memset(text, 'x', big);
    pw_str huge = {text, big};
    EmitPost(host, S("big-text"), huge, &huge, 1, PW_POST_KIND_POST); /* text cut, link dropped */
    EmitPost(host, huge, S("x"), NULL, 0, PW_POST_KIND_POST);         /* 10 MB id: dropped */
    free(text);
  }
  char id[32];
  for (int i = 0; i < 100000; ++i) {
    snprintf(id, sizeof id, "p%d", i);
    EmitGood(host, id);
  }
}

static pw_status Init(const pw_host* host, pw_str config, void** state) {
  (void)host;
  if (Has(config, "segv-init")) Crash();
  *state = NULL;
  return PW_OK;
}

static void Destroy(void* state) { (void)state; }

static pw_status Plan(void* state, const pw_host* host, const pw_account* account, pw_str cursor) {
  (void)state;
  (void)cursor;
  if (Has(account->registered, "segv-plan")) Crash();
  if (Has(account->registered, "hang-plan")) Hang();
  pw_request r;
  memset(&r, 0, sizeof r);
  r.struct_size = sizeof r;
  r.url = account->registered;
  r.tag = S("page");
  host->emit_request(host->ctx, &r);
  return PW_OK;
}

static pw_status Parse(void* state, const pw_host* host, const pw_account* account, pw_str cursor,
                       const pw_response* response) {
  (void)state;
  (void)cursor;
  pw_str what = account->registered;
  if (Has(response->tag, "token")) {
    pw_credential c;
    memset(&c, 0, sizeof c);
    c.struct_size = sizeof c;
    c.secret = response->body;
    c.expires_at = 1900000000;
    host->emit_credential(host->ctx, &c);
    return PW_DONE;
  }
  if (Has(what, "segv-parse")) Crash();
  if (Has(what, "hang-parse")) Hang();
  if (Has(what, "abort-parse")) abort();
  if (Has(what, "exit-parse")) _exit(3);
  if (Has(what, "garbage")) {
    EmitGarbage(host);
    return PW_DONE;
  }
  if (Has(what, "huge")) {
    EmitHuge(host);
    return PW_DONE;
  }
  if (Has(what, "print")) {
    fputs("junk on stdout\n", stdout);
    fflush(stdout);
  }
  EmitGood(host, "ok-1");
  host->emit_cursor(host->ctx, S("after-ok-1"));
  return PW_DONE;
}

static pw_status RefreshCredentials(void* state, const pw_host* host, const pw_account* account) {
  (void)state;
  char secret[256];
  int n = snprintf(secret, sizeof secret, "refreshed:%.*s", (int)account->credential.len,
                   account->credential.ptr ? account->credential.ptr : "");
  pw_credential c;
  memset(&c, 0, sizeof c);
  c.struct_size = sizeof c;
  c.secret.ptr = secret;
  c.secret.len = n > 0 ? (size_t)n : 0;
  c.expires_at = 1800000000;
  c.refresh_expires_at = 1900000000;
  host->emit_credential(host->ctx, &c);
  return PW_DONE;
}

static pw_status Authorize(void* state, const pw_host* host, const pw_account* account,
                           const pw_grant* grant) {
  (void)state;
  char url[512];
  int n = snprintf(url, sizeof url, "https://auth.invalid/?app=%.*s&state=%.*s",
                   (int)account->app_credential.len,
                   account->app_credential.ptr ? account->app_credential.ptr : "",
                   (int)grant->state.len, grant->state.ptr ? grant->state.ptr : "");
  pw_str u = {url, n > 0 ? (size_t)n : 0};
  host->emit_authorize_url(host->ctx, u);
  return PW_OK;
}

static const pw_plugin kPlugin = {sizeof(pw_plugin),
                                  PW_ABI_MAJOR,
                                  PW_ABI_MINOR,
                                  "broken",
                                  "0.0.1",
                                  "broken",
                                  "crashes, hangs and emits garbage on request (tests only)",
                                  "{\"type\":\"object\"}",
                                  "{\"type\":\"object\"}",
                                  kEgress,
                                  1,
                                  0,
                                  Init,
                                  Destroy,
                                  Plan,
                                  Parse,
                                  NULL,
                                  RefreshCredentials,
                                  Authorize};

PW_PLUGIN_EXPORT const pw_plugin* postwatch_plugin_v1(uint32_t host_major, uint32_t host_minor) {
  (void)host_major;
  (void)host_minor;
  return &kPlugin;
}
