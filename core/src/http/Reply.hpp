#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace kmcp::http {

// A complete, buffered HTTP answer: what route handlers and the authenticator hand back.
struct Reply {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;

    static Reply json(int status, const nlohmann::json& body);
    static Reply text(int status, std::string body, std::string contentType = "text/plain; charset=utf-8");
    static Reply empty(int status);
    // A JSON-RPC error object with a null id, for failures before any message id is known.
    static Reply rpcError(int status, int code, const std::string& message);
};

} // namespace kmcp::http
