#include "kube/ApiStatus.hpp"

#include <nlohmann/json.hpp>

namespace kmcp::kube {

std::string statusMessage(int status, const std::string& body, const std::string& reason) {
    if (!body.empty()) {
        const nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
        if (doc.is_object() && doc.value("kind", "") == "Status") {
            if (auto m = doc.value("message", ""); !m.empty()) return m;
            if (auto r = doc.value("reason", ""); !r.empty()) return r;
        }
        std::string text = body.substr(0, 500);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
            text.pop_back();
        if (!text.empty()) return text;
    }
    return "HTTP " + std::to_string(status) + (reason.empty() ? "" : " " + reason);
}

Error errorFromResponse(const Response& r) {
    Error::Code code = Error::Code::InvalidArgument;
    switch (r.status) {
    case 401:
        code = Error::Code::Unauthenticated;
        break;
    case 403:
        code = Error::Code::Denied;
        break;
    case 404:
        code = Error::Code::NotFound;
        break;
    case 409:
        code = Error::Code::Conflict;
        break;
    case 413:
        code = Error::Code::TooLarge;
        break;
    case 408:
    case 504:
        code = Error::Code::Timeout;
        break;
    default:
        if (r.status >= 500) code = Error::Code::Unavailable;
    }
    return Error{code, r.message.empty() ? statusMessage(r.status, r.body) : r.message};
}

} // namespace kmcp::kube
