#pragma once

#include "config/Config.hpp"
#include "config/Provenance.hpp"

#include <string>
#include <vector>

namespace kmcp::config::detail {

// Cross-field rules, shared by start-up and SIGHUP reload (see Loader.hpp for the list and the
// reasons). May adjust `config` (require_oauth has no meaning on stdio) and add warnings; throws
// ConfigError on a rule violation.
void validate(Config& config, const Provenance& provenance, std::vector<std::string>& warnings);

} // namespace kmcp::config::detail
