#include "Codec.hpp"
#include "GoJson.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::helm;

TEST_CASE("base64 round-trips every padding length") {
    CHECK(base64Encode("") == "");
    CHECK(base64Encode("f") == "Zg==");
    CHECK(base64Encode("fo") == "Zm8=");
    CHECK(base64Encode("foo") == "Zm9v");
    CHECK(base64Encode("foob") == "Zm9vYg==");
    CHECK(base64Decode("Zm9vYg==") == "foob");
    CHECK(base64Decode("Zm9vYmE=") == "fooba");
    CHECK_THROWS(base64Decode("Zm9v!"));
    CHECK_THROWS(base64Decode("Z"));
}

TEST_CASE("gzip writes Go's BestCompression header and inflates back") {
    std::string data(10000, 'a');
    data += "tail";
    auto gz = gzipCompress(data);
    REQUIRE(gz.size() > 18);
    CHECK(std::string_view(gz).substr(0, 10) ==
          std::string_view("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff", 10));
    CHECK(isGzip(gz));
    CHECK(gzipDecompress(gz) == data);
    CHECK_THROWS(gzipDecompress(gz.substr(0, gz.size() / 2)));
    CHECK_THROWS_WITH(gzipDecompress(gz, 100), Catch::Contains("exceeds"));
}

TEST_CASE("Go json escaping and number formatting") {
    CHECK(goQuote("a<b>&c") == "\"a\\u003cb\\u003e\\u0026c\"");
    CHECK(goQuote("q\"\\\n\r\t\b\f\x01") == "\"q\\\"\\\\\\n\\r\\t\\b\\f\\u0001\"");
    CHECK(goQuote("\xe2\x80\xa8x") == "\"\\u2028x\"");
    CHECK(goQuote("h\xffi") == "\"h\\ufffdi\"");
    CHECK(goQuote("\xc3\xa9") == "\"\xc3\xa9\"");
    CHECK(goFloat(1.0) == "1");
    CHECK(goFloat(1.5) == "1.5");
    CHECK(goFloat(1e21) == "1e+21");
    CHECK(goFloat(1e20) == "100000000000000000000");
    CHECK(goFloat(0.0000001) == "1e-7");
    CHECK(goFloat(0.000001) == "0.000001");
    CHECK(goMarshal(nlohmann::json::parse(R"({"b":[1,2.5,true,null],"a":"x"})")) ==
          R"({"a":"x","b":[1,2.5,true,null]})");
}
