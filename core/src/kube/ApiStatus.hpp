#pragma once

#include "common/Result.hpp"
#include "kube/Types.hpp"

#include <string>

namespace kmcp::kube {

// The user-facing text of a non-2xx answer: the Kubernetes Status `message` verbatim when the body
// is a Status object, else the (trimmed, shortened) body, else "HTTP <code> <reason>".
std::string statusMessage(int status, const std::string& body, const std::string& reason = "");

// A non-2xx Response as an Error with a fitting code (401 Unauthenticated, 403 Denied,
// 404 NotFound, 409 Conflict, 413 TooLarge, 408/504 Timeout, 5xx Unavailable, else InvalidArgument).
Error errorFromResponse(const Response& response);

} // namespace kmcp::kube
