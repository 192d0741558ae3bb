#include "Store.hpp"

#include "ApiError.hpp"
#include "Clock.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/UUIDGenerator.h>

#include <sstream>

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxEvents = 20000;

std::string nsOf(const json& o) {
    return o["metadata"].value("namespace", "");
}
std::string nameOf(const json& o) {
    return o["metadata"].value("name", "");
}

} // namespace

std::string objectKey(const std::string& ns, const std::string& name) {
    return ns + "/" + name;
}

Store::Store() = default;

ObjectPtr Store::get(const Bucket& bucket, const std::string& ns, const std::string& name) const {
    std::shared_lock lock(mutex_);
    auto b = buckets_.find(bucket.key());
    if (b == buckets_.end()) {
        return nullptr;
    }
    auto it = b->second.find(objectKey(ns, name));
    return it == b->second.end() ? nullptr : it->second;
}

std::string Store::encodeContinue(std::uint64_t rv, const std::string& lastKey) {
    std::ostringstream out;
    Poco::Base64Encoder enc(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    enc.rdbuf()->setLineLength(0);
    enc << json{{"v", "meta.k8s.io/v1"}, {"rv", rv}, {"start", lastKey + '\x01'}}.dump();
    enc.close();
    return out.str();
}

bool Store::decodeContinue(const std::string& token, std::uint64_t& rv, std::string& lastKey) {
    try {
        std::istringstream in(token);
        Poco::Base64Decoder dec(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
        std::string text((std::istreambuf_iterator<char>(dec)), std::istreambuf_iterator<char>());
        json j = json::parse(text);
        rv = j.at("rv").get<std::uint64_t>();
        lastKey = j.at("start").get<std::string>();
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

ListPage Store::list(const Bucket& bucket, const ListQuery& query) const {
    ListPage page;
    std::string start;
    if (!query.continueToken.empty()) {
        std::uint64_t rv = 0;
        if (!decodeContinue(query.continueToken, rv, start)) {
            throw badRequest("continue key is not valid: illegal base64 data at input byte 0");
        }
    }
    std::shared_lock lock(mutex_);
    page.resourceVersion = resourceVersion_.load();
    auto b = buckets_.find(bucket.key());
    if (b == buckets_.end()) {
        return page;
    }
    const Objects& objects = b->second;
    auto it = start.empty() ? objects.begin() : objects.lower_bound(start);
    if (start.empty() && !query.ns.empty()) {
        it = objects.lower_bound(query.ns + "/");
    }
    const std::string prefix = query.ns + "/";
    std::string lastKey;
    for (; it != objects.end(); ++it) {
        const json& o = it->second->object;
        if (!query.ns.empty() && it->first.compare(0, prefix.size(), prefix) != 0) {
            break;
        }
        if (!query.labels.empty() && !query.labels.matches(o["metadata"].value("labels", json::object()))) {
            continue;
        }
        if (!query.fields.empty() && !query.fields.matches(o)) {
            continue;
        }
        if (query.limit > 0 && page.items.size() == query.limit) {
            page.continueToken = encodeContinue(page.resourceVersion, lastKey);
            long long remaining = 0;
            for (; it != objects.end(); ++it) {
                if (!query.ns.empty() && it->first.compare(0, prefix.size(), prefix) != 0) {
                    break;
                }
                ++remaining;
            }
            if (query.labels.empty() && query.fields.empty()) {
                page.remainingItemCount = remaining;
            }
            break;
        }
        page.items.push_back(it->second);
        lastKey = it->first;
    }
    return page;
}

std::string Store::randomSuffix() {
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    std::uint64_t x = ++suffixCounter_ * 0x9E3779B97F4A7C15ULL;
    std::string s;
    for (int i = 0; i < 5; ++i) {
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ULL;
        s += alphabet[x % 27];
    }
    return s;
}

ObjectPtr Store::commit(const std::string& bucketKey, const std::string& key, json object,
                        const char* eventType) {
    std::uint64_t rv = ++resourceVersion_;
    object["metadata"]["resourceVersion"] = std::to_string(rv);
    auto stored = std::make_shared<StoredObject>();
    stored->serialized = object.dump();
    stored->object = std::move(object);
    ObjectPtr ptr = stored;
    buckets_[bucketKey][key] = ptr;
    record(eventType, bucketKey, ptr);
    return ptr;
}

void Store::record(const char* type, const std::string& bucketKey, const ObjectPtr& object) {
    std::uint64_t rv = std::stoull(object->object["metadata"].value("resourceVersion", "0"));
    {
        std::lock_guard lock(eventsMutex_);
        events_.push_back({rv, type, bucketKey, object});
        if (events_.size() > kMaxEvents) {
            events_.pop_front();
        }
    }
    eventsChanged_.notify_all();
}

ObjectPtr Store::create(const Bucket& bucket, json object, bool keepTimestamps) {
    if (!object.is_object()) {
        throw badRequest("the object provided is not a JSON object");
    }
    json& meta = object["metadata"];
    if (!meta.is_object()) {
        meta = json::object();
    }
    std::unique_lock lock(mutex_);
    if (meta.value("name", "").empty()) {
        std::string prefix = meta.value("generateName", "");
        if (prefix.empty()) {
            throw invalid(bucket.group, object.value("kind", ""), "", "metadata.name",
                          "Required value: name or generateName is required");
        }
        do {
            meta["name"] = prefix + randomSuffix();
        } while (buckets_[bucket.key()].count(objectKey(nsOf(object), nameOf(object))) > 0);
    }
    std::string key = objectKey(nsOf(object), nameOf(object));
    if (buckets_[bucket.key()].count(key) > 0) {
        throw alreadyExists(bucket.group, bucket.resource, nameOf(object));
    }
    meta["uid"] = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    if (!keepTimestamps || !meta.contains("creationTimestamp") || meta["creationTimestamp"].is_null()) {
        meta["creationTimestamp"] = rfc3339(std::chrono::system_clock::now());
    }
    meta["generation"] = 1;
    meta.erase("resourceVersion");
    return commit(bucket.key(), key, std::move(object), "ADDED");
}

namespace {

void carryOver(const json& live, json& next) {
    json& meta = next["metadata"];
    for (const char* field : {"uid", "creationTimestamp", "namespace", "name"}) {
        if (live["metadata"].contains(field)) {
            meta[field] = live["metadata"][field];
        }
    }
    long long generation = live["metadata"].value("generation", 1LL);
    if (live.value("spec", json()) != next.value("spec", json())) {
        ++generation;
    }
    meta["generation"] = generation;
}

} // namespace

ObjectPtr Store::update(const Bucket& bucket, json object) {
    std::unique_lock lock(mutex_);
    std::string key = objectKey(nsOf(object), nameOf(object));
    auto& objects = buckets_[bucket.key()];
    auto it = objects.find(key);
    if (it == objects.end()) {
        throw notFound(bucket.group, bucket.resource, nameOf(object));
    }
    const json& live = it->second->object;
    std::string wanted = object["metadata"].value("resourceVersion", "");
    if (!wanted.empty() && wanted != live["metadata"].value("resourceVersion", "")) {
        throw conflict(
            bucket.group, bucket.resource, nameOf(object),
            "the object has been modified; please apply your changes to the latest version and try again");
    }
    carryOver(live, object);
    return commit(bucket.key(), key, std::move(object), "MODIFIED");
}

ObjectPtr Store::mutate(const Bucket& bucket, const std::string& ns, const std::string& name,
                        const std::function<json(const json&)>& change) {
    std::unique_lock lock(mutex_);
    auto& objects = buckets_[bucket.key()];
    auto it = objects.find(objectKey(ns, name));
    if (it == objects.end()) {
        throw notFound(bucket.group, bucket.resource, name);
    }
    const json& live = it->second->object;
    json next = change(live);
    std::string wanted = next["metadata"].value("resourceVersion", "");
    if (!wanted.empty() && wanted != live["metadata"].value("resourceVersion", "")) {
        throw conflict(
            bucket.group, bucket.resource, name,
            "the object has been modified; please apply your changes to the latest version and try again");
    }
    carryOver(live, next);
    return commit(bucket.key(), objectKey(ns, name), std::move(next), "MODIFIED");
}

ObjectPtr Store::remove(const Bucket& bucket, const std::string& ns, const std::string& name) {
    std::unique_lock lock(mutex_);
    auto b = buckets_.find(bucket.key());
    if (b == buckets_.end()) {
        return nullptr;
    }
    auto it = b->second.find(objectKey(ns, name));
    if (it == b->second.end()) {
        return nullptr;
    }
    ObjectPtr removed = it->second;
    b->second.erase(it);
    json gone = removed->object;
    gone["metadata"]["resourceVersion"] = std::to_string(++resourceVersion_);
    auto stored = std::make_shared<StoredObject>();
    stored->serialized = gone.dump();
    stored->object = std::move(gone);
    record("DELETED", bucket.key(), stored);
    return stored;
}

std::vector<std::pair<Bucket, ObjectPtr>> Store::objectsInNamespace(const std::string& ns) const {
    std::vector<std::pair<Bucket, ObjectPtr>> out;
    std::shared_lock lock(mutex_);
    for (const auto& [bucketKey, objects] : buckets_) {
        auto slash = bucketKey.find('/');
        Bucket bucket{bucketKey.substr(0, slash), bucketKey.substr(slash + 1)};
        for (auto it = objects.lower_bound(ns + "/"); it != objects.end() && nsOf(it->second->object) == ns;
             ++it) {
            out.emplace_back(bucket, it->second);
        }
    }
    return out;
}

std::vector<std::pair<Bucket, ObjectPtr>> Store::dependentsOf(const std::string& ownerUid) const {
    std::vector<std::pair<Bucket, ObjectPtr>> out;
    std::shared_lock lock(mutex_);
    for (const auto& [bucketKey, objects] : buckets_) {
        auto slash = bucketKey.find('/');
        for (const auto& [key, obj] : objects) {
            for (const auto& ref : obj->object["metadata"].value("ownerReferences", json::array())) {
                if (ref.value("uid", "") == ownerUid) {
                    out.emplace_back(Bucket{bucketKey.substr(0, slash), bucketKey.substr(slash + 1)}, obj);
                    break;
                }
            }
        }
    }
    return out;
}

std::vector<WatchEvent> Store::eventsAfter(std::uint64_t afterVersion, std::chrono::milliseconds wait,
                                           bool& tooOld) const {
    std::unique_lock lock(eventsMutex_);
    tooOld = !events_.empty() && events_.front().resourceVersion > afterVersion + 1 &&
             afterVersion < events_.front().resourceVersion - 1 && afterVersion != 0 &&
             events_.size() == kMaxEvents;
    auto ready = [&] { return !events_.empty() && events_.back().resourceVersion > afterVersion; };
    if (!ready()) {
        eventsChanged_.wait_for(lock, wait, ready);
    }
    std::vector<WatchEvent> out;
    for (const auto& e : events_) {
        if (e.resourceVersion > afterVersion) {
            out.push_back(e);
        }
    }
    return out;
}

} // namespace kmcp::sandbox
