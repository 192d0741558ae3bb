#pragma once

#include "config/Provenance.hpp"

#include <toml++/toml.h>

#include <string>
#include <vector>

namespace kmcp::config::detail {

// Brings one source (a file, or the flags) to the canonical key spelling before it is merged:
//  - obsolete keys (`validate_token`, `sse_base_url`, `sse_port`, `http_port`) are dropped or mapped,
//    with a warning naming the key;
//  - the seed's `sts_*` / `token_exchange_strategy` / `sts_auth_style` keys move to `token_exchange.*`
//    (auth styles become client_auth methods); one source setting both spellings of the same
//    setting to different values is an error;
//  - keys nobody reads get a warning `unknown configuration key "x.y" in FILE:LINE`.
// Canonicalising per source (not after merging) lets a drop-in override the main file even when the
// two use different spellings. `spellings` receives canonical path → key as written.
void normalizeSource(toml::table& table, const std::string& sourceName, Provenance& spellings,
                     std::vector<std::string>& warnings);

// Maps a seed `sts_auth_style` to a `token_exchange.client_auth.method`; "" when unknown.
std::string authMethodForStyle(std::string_view style);

} // namespace kmcp::config::detail
