#include "sts/ExchangedTokenCache.hpp"

#include <catch2/catch.hpp>

using namespace kmcp;
using namespace kmcp::sts;
using namespace std::chrono_literals;

namespace {

struct Clocked {
    std::shared_ptr<std::chrono::system_clock::time_point> now =
        std::make_shared<std::chrono::system_clock::time_point>(std::chrono::system_clock::now());
    ExchangedTokenCache::Options options(size_t capacity = 100) {
        ExchangedTokenCache::Options o;
        o.capacity = capacity;
        o.now = [n = now] { return *n; };
        return o;
    }
    ExchangedTokenCache::Loader issue(int& calls, std::chrono::seconds lifetime = 300s) {
        return [this, &calls, lifetime]() -> Result<ExchangedToken> {
            ExchangedToken t;
            t.accessToken = "t" + std::to_string(++calls);
            t.expiry = *now + lifetime;
            return t;
        };
    }
};

} // namespace

TEST_CASE("LRU capacity bounds the cache", "[sts][cache]") {
    Clocked c;
    ExchangedTokenCache cache(c.options(3));
    int calls = 0;
    for (const char* k : {"a", "b", "c"})
        REQUIRE(cache.get(k, c.issue(calls)).ok());
    REQUIRE(cache.get("a", c.issue(calls)).ok()); // a is now most recent
    REQUIRE(cache.get("d", c.issue(calls)).ok()); // evicts b
    CHECK(cache.size() == 3);
    CHECK(calls == 4);
    REQUIRE(cache.get("a", c.issue(calls)).ok());
    CHECK(calls == 4);
    REQUIRE(cache.get("b", c.issue(calls)).ok());
    CHECK(calls == 5);
}

TEST_CASE("refresh margin is 30 s or 10% of a short lifetime", "[sts][cache]") {
    Clocked c;
    ExchangedTokenCache cache(c.options());
    int calls = 0;
    REQUIRE(cache.get("short", c.issue(calls, 60s)).ok()); // margin 6 s
    *c.now += 53s;
    CHECK(cache.get("short", c.issue(calls, 60s))->accessToken == "t1");
    *c.now += 2s; // 5 s left
    CHECK(cache.get("short", c.issue(calls, 60s))->accessToken == "t2");
}

TEST_CASE("failures are shared but not cached; expired entries are purged", "[sts][cache]") {
    Clocked c;
    ExchangedTokenCache cache(c.options());
    int calls = 0;
    auto failing = [&]() -> Result<ExchangedToken> {
        ++calls;
        return makeError(Error::Code::Unavailable, "down");
    };
    CHECK_FALSE(cache.get("k", failing).ok());
    CHECK_FALSE(cache.get("k", failing).ok());
    CHECK(calls == 2);
    CHECK(cache.size() == 0);

    int issued = 0;
    for (int i = 0; i < 50; ++i)
        REQUIRE(cache.get("user" + std::to_string(i), c.issue(issued)).ok());
    CHECK(cache.size() == 50);
    *c.now += 1h; // all expired; the next store sweeps them
    REQUIRE(cache.get("fresh", c.issue(issued)).ok());
    CHECK(cache.size() == 1);
}

TEST_CASE("a throwing loader does not wedge the key", "[sts][cache]") {
    Clocked c;
    ExchangedTokenCache cache(c.options());
    auto r = cache.get("k", []() -> Result<ExchangedToken> { throw std::runtime_error("boom"); });
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Error::Code::Internal);
    int calls = 0;
    CHECK(cache.get("k", c.issue(calls)).ok());
}
