#pragma once

#include "Selectors.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace kmcp::sandbox {

// An immutable stored version of an object with its JSON text rendered once at write time, so
// reads answer without serialising again.
struct StoredObject {
    nlohmann::json object;
    std::string serialized;
};
using ObjectPtr = std::shared_ptr<const StoredObject>;

// Which bucket an object lives in; group+resource also name it in error messages.
struct Bucket {
    std::string group;
    std::string resource;
    std::string key() const { return group + "/" + resource; }
};

struct ListQuery {
    std::string ns; // empty: all namespaces
    LabelSelector labels;
    FieldSelector fields;
    std::size_t limit = 0;
    std::string continueToken;
};

struct ListPage {
    std::vector<ObjectPtr> items;
    std::string continueToken;
    std::uint64_t resourceVersion = 0;
    long long remainingItemCount = -1;
};

struct WatchEvent {
    std::uint64_t resourceVersion;
    std::string type; // ADDED, MODIFIED, DELETED
    std::string bucketKey;
    ObjectPtr object;
};

// In-memory, thread-safe object store. Reads take a shared lock; writes an exclusive one and bump
// one global resourceVersion counter, like etcd's revision.
class Store {
public:
    Store();

    ObjectPtr get(const Bucket& bucket, const std::string& ns, const std::string& name) const;
    ListPage list(const Bucket& bucket, const ListQuery& query) const;

    // Stamps uid, resourceVersion, creationTimestamp (kept when `keepTimestamps` and present),
    // generation, and resolves generateName. Throws AlreadyExists.
    ObjectPtr create(const Bucket& bucket, nlohmann::json object, bool keepTimestamps = false);
    // Full replacement; a non-empty metadata.resourceVersion must match (else Conflict).
    ObjectPtr update(const Bucket& bucket, nlohmann::json object);
    // Atomic read-modify-write; `change` returns the new object. Throws NotFound.
    ObjectPtr mutate(const Bucket& bucket, const std::string& ns, const std::string& name,
                     const std::function<nlohmann::json(const nlohmann::json&)>& change);
    // Returns the removed object, or nullptr when it did not exist.
    ObjectPtr remove(const Bucket& bucket, const std::string& ns, const std::string& name);

    std::vector<std::pair<Bucket, ObjectPtr>> objectsInNamespace(const std::string& ns) const;
    std::vector<std::pair<Bucket, ObjectPtr>> dependentsOf(const std::string& ownerUid) const;
    std::uint64_t resourceVersion() const { return resourceVersion_.load(); }

    // Events after `afterVersion`, waiting up to `wait` when there are none yet. `tooOld` is set
    // when history no longer reaches back that far (the watch must then restart, HTTP 410).
    std::vector<WatchEvent> eventsAfter(std::uint64_t afterVersion, std::chrono::milliseconds wait,
                                        bool& tooOld) const;

    static std::string encodeContinue(std::uint64_t rv, const std::string& lastKey);
    static bool decodeContinue(const std::string& token, std::uint64_t& rv, std::string& lastKey);

private:
    using Objects = std::map<std::string, ObjectPtr>;

    ObjectPtr commit(const std::string& bucketKey, const std::string& key, nlohmann::json object,
                     const char* eventType);
    void record(const char* type, const std::string& bucketKey, const ObjectPtr& object);
    std::string randomSuffix();

    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, Objects> buckets_;
    std::atomic<std::uint64_t> resourceVersion_{1000};
    std::uint64_t suffixCounter_ = 0;

    mutable std::mutex eventsMutex_;
    mutable std::condition_variable eventsChanged_;
    std::deque<WatchEvent> events_;
};

std::string objectKey(const std::string& ns, const std::string& name);

} // namespace kmcp::sandbox
