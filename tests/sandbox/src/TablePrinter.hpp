#pragma once

#include "Clock.hpp"
#include "Store.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace kmcp::sandbox {

enum class IncludeObject { None, Metadata, Object };

// Server-side printing (meta.k8s.io Table) with the columns kube-apiserver's printers use, so
// `kubectl get` output looks like a real cluster's.
class TablePrinter {
public:
    static nlohmann::json columns(const std::string& resource);
    static nlohmann::json cells(const std::string& resource, const nlohmann::json& object, TimePoint now);
    static nlohmann::json table(const std::string& resource, const std::vector<ObjectPtr>& items,
                                IncludeObject include, TimePoint now);
    static IncludeObject parseIncludeObject(const std::string& value);
};

} // namespace kmcp::sandbox
