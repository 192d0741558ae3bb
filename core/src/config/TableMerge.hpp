#pragma once

#include "config/Provenance.hpp"

#include <toml++/toml.h>

namespace kmcp::config::detail {

// Merges `src` into `dst`: tables merge key by key (deeply), anything else — values and arrays,
// including arrays of tables such as [[prompts]] — replaces what `dst` had. Nodes are moved so
// they keep their file/line. `dstProvenance` takes over `srcProvenance` for every replaced key.
void mergeInto(toml::table& dst, toml::table&& src, Provenance& dstProvenance,
               const Provenance& srcProvenance);

} // namespace kmcp::config::detail
