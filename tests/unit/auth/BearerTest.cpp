#include "auth/Bearer.hpp"

#include <catch2/catch.hpp>

using namespace kmcp;
using namespace kmcp::auth;

TEST_CASE("bearer tokens are taken from the Authorization header", "[auth][bearer]") {
    CHECK(bearerToken("Bearer abc.def.ghi") == std::optional<std::string_view>("abc.def.ghi"));
    CHECK(bearerToken("bearer abc") == std::optional<std::string_view>("abc"));
    CHECK(bearerToken("  BEARER   abc  ") == std::optional<std::string_view>("abc"));
    CHECK_FALSE(bearerToken("Basic dXNlcjpwYXNz").has_value());
    CHECK_FALSE(bearerToken("Bearer").has_value());
    CHECK_FALSE(bearerToken("Bearer ").has_value());
    CHECK_FALSE(bearerToken("Bearer a b").has_value());
    CHECK_FALSE(bearerToken("Bearerabc").has_value());
    CHECK_FALSE(bearerToken("").has_value());
}

TEST_CASE("failures map to OAuth error codes and HTTP statuses", "[auth][bearer]") {
    auto f = describeFailure(makeError(Error::Code::Unauthenticated, "token expired"));
    CHECK(f.httpStatus == 401);
    CHECK(f.error == "invalid_token");
    CHECK(describeFailure(makeError(Error::Code::Denied, "x")).httpStatus == 403);
    CHECK(describeFailure(makeError(Error::Code::Denied, "x")).error == "insufficient_scope");
    CHECK(describeFailure(makeError(Error::Code::Unavailable, "x")).httpStatus == 503);
    CHECK(describeFailure(makeError(Error::Code::Unavailable, "x")).error == "temporarily_unavailable");
    CHECK(describeFailure(makeError(Error::Code::InvalidArgument, "x")).error == "invalid_request");
    CHECK(describeFailure(makeError(Error::Code::Internal, "x")).httpStatus == 500);
}

TEST_CASE("WWW-Authenticate carries realm, resource_metadata, error and scope", "[auth][bearer]") {
    Challenge c;
    c.resourceMetadata = "https://mcp.example/.well-known/oauth-protected-resource";
    CHECK(
        wwwAuthenticate(c) ==
        R"(Bearer realm="Kubernetes MCP Server", resource_metadata="https://mcp.example/.well-known/oauth-protected-resource")");

    const Error expired = makeError(Error::Code::Unauthenticated, "token expired");
    CHECK(
        wwwAuthenticate(c, &expired) ==
        R"(Bearer realm="Kubernetes MCP Server", resource_metadata="https://mcp.example/.well-known/oauth-protected-resource", error="invalid_token", error_description="token expired")");

    c.scopes = {"openid", "mcp-server"};
    const Error scope = makeError(Error::Code::Denied, "token lacks required scope(s): mcp-server");
    CHECK_THAT(
        wwwAuthenticate(c, &scope),
        Catch::EndsWith(
            R"(error="insufficient_scope", error_description="token lacks required scope(s): mcp-server", scope="openid mcp-server")"));
}

TEST_CASE("descriptions cannot break out of the quoted header value", "[auth][bearer]") {
    const Error hostile = makeError(Error::Code::Unauthenticated, "bad \"quote\" \\ and\r\nInjected: yes");
    const std::string v = wwwAuthenticate(Challenge{}, &hostile);
    CHECK(v.find('\r') == std::string::npos);
    CHECK(v.find('\n') == std::string::npos);
    CHECK_THAT(v, Catch::Contains(R"(error_description="bad 'quote' ' andInjected: yes")"));
}
