#pragma once

#include <string>
#include <string_view>

namespace kmcp::http {

// True when an Accept header admits `type` ("application/json"), honouring wildcards ("*/*",
// "application/*") and q=0 exclusions.
bool acceptsMediaType(std::string_view accept, std::string_view type);

// The media type of a Content-Type value, lower-cased and without parameters.
std::string mediaTypeOf(std::string_view contentType);

} // namespace kmcp::http
