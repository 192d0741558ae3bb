#include "http/Reply.hpp"

namespace kmcp::http {

Reply Reply::json(int status, const nlohmann::json& body) {
    return Reply{status, "application/json", body.dump(), {}};
}

Reply Reply::text(int status, std::string body, std::string contentType) {
    return Reply{status, std::move(contentType), std::move(body), {}};
}

Reply Reply::empty(int status) {
    return Reply{status, "", "", {}};
}

Reply Reply::rpcError(int status, int code, const std::string& message) {
    return json(status,
                {{"jsonrpc", "2.0"}, {"id", nullptr}, {"error", {{"code", code}, {"message", message}}}});
}

} // namespace kmcp::http
