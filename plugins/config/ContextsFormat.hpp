#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace kmcp::plugins::config {

// The configuration_contexts_list answer for the host's "contexts" info
// ([{"name","cluster","server","namespace","current"}]): a sorted text listing marking the default
// context with '*', and the structured form {defaultContext, contexts:[{name, server, default}]}.
struct ContextsListing {
    std::string text;
    nlohmann::json structured; // null when there are no contexts
};
ContextsListing formatContexts(const nlohmann::json& contexts);

} // namespace kmcp::plugins::config
