#include "Top.hpp"

#include <kmcp/table.hpp>

#include <algorithm>
#include <map>
#include <vector>

namespace kmcp::plugins::core {

namespace {

__int128 pow10(int e) {
    __int128 v = 1;
    for (int i = 0; i < e; ++i)
        v *= 10;
    return v;
}

__int128 ceilDiv(__int128 a, __int128 b) {
    __int128 q = a / b;
    if (a % b != 0 && ((a > 0) == (b > 0))) ++q;
    return q;
}

const char* kResources[] = {"cpu", "memory", "swap"};

std::optional<Quantity> quantityOf(const nlohmann::json& usage, const char* name) {
    if (!usage.is_object() || !usage.contains(name) || !usage[name].is_string()) return std::nullopt;
    return Quantity::parse(usage[name].get<std::string>());
}

std::string usageText(const char* resource, const Quantity& q) {
    if (std::string_view(resource) == "cpu") return std::to_string(q.milliValue()) + "m";
    return std::to_string(q.value() / (1024 * 1024)) + "Mi";
}

std::string name(const nlohmann::json& obj) {
    return obj.value("metadata", nlohmann::json::object()).value("name", "");
}

std::string ns(const nlohmann::json& obj) {
    return obj.value("metadata", nlohmann::json::object()).value("namespace", "");
}

} // namespace

std::optional<Quantity> Quantity::parse(std::string_view s) {
    if (s.empty()) return std::nullopt;
    bool negative = false;
    size_t i = 0;
    if (s[0] == '+' || s[0] == '-') negative = s[i++] == '-';
    __int128 mantissa = 0;
    int scale = 0; // decimal digits after the point
    bool point = false, any = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (mantissa < (static_cast<__int128>(1) << 100)) {
                mantissa = mantissa * 10 + (c - '0');
                if (point) ++scale;
            } else if (!point) {
                return std::nullopt;
            }
            any = true;
        } else if (c == '.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    if (!any) return std::nullopt;
    std::string_view suffix = s.substr(i);
    int exp10 = 0, exp2 = 0;
    if (suffix.empty()) {
    } else if (suffix == "n")
        exp10 = -9;
    else if (suffix == "u")
        exp10 = -6;
    else if (suffix == "m")
        exp10 = -3;
    else if (suffix == "k")
        exp10 = 3;
    else if (suffix == "M")
        exp10 = 6;
    else if (suffix == "G")
        exp10 = 9;
    else if (suffix == "T")
        exp10 = 12;
    else if (suffix == "P")
        exp10 = 15;
    else if (suffix == "E")
        exp10 = 18;
    else if (suffix == "Ki")
        exp2 = 10;
    else if (suffix == "Mi")
        exp2 = 20;
    else if (suffix == "Gi")
        exp2 = 30;
    else if (suffix == "Ti")
        exp2 = 40;
    else if (suffix == "Pi")
        exp2 = 50;
    else if (suffix == "Ei")
        exp2 = 60;
    else if (suffix[0] == 'e' || suffix[0] == 'E') {
        try {
            size_t used = 0;
            exp10 = std::stoi(std::string(suffix.substr(1)), &used);
            if (used != suffix.size() - 1 || exp10 > 18 || exp10 < -18) return std::nullopt;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    // value = mantissa * 10^(exp10 - scale) * 2^exp2; in nano-units multiply by 10^9.
    int e = exp10 - scale + 9;
    __int128 v = mantissa << exp2;
    if (e >= 0)
        v *= pow10(e);
    else
        v = ceilDiv(v, pow10(-e));
    return Quantity(negative ? -v : v);
}

long long Quantity::milliValue() const {
    return static_cast<long long>(ceilDiv(nanos_, 1000000));
}
long long Quantity::value() const {
    return static_cast<long long>(ceilDiv(nanos_, 1000000000));
}

std::string formatPodTop(const nlohmann::json& items) {
    if (!items.is_array() || items.empty()) return "";
    std::vector<const nlohmann::json*> pods;
    for (const auto& p : items)
        pods.push_back(&p);
    std::stable_sort(pods.begin(), pods.end(), [](const auto* a, const auto* b) {
        if (ns(*a) != ns(*b)) return ns(*a) < ns(*b);
        return name(*a) < name(*b);
    });
    std::string text = "NAMESPACE\tPOD\tNAME\tCPU(cores)\tMEMORY(bytes)\tSWAP(bytes)\t\n";
    Quantity total[3] = {Quantity::zero(), Quantity::zero(), Quantity::zero()};
    for (const auto* pod : pods) {
        const auto podContainers = pod->value("containers", nlohmann::json::array());
        std::vector<const nlohmann::json*> containers;
        for (const auto& c : podContainers)
            containers.push_back(&c);
        std::stable_sort(containers.begin(), containers.end(), [](const auto* a, const auto* b) {
            return a->value("name", "") < b->value("name", "");
        });
        for (const auto* c : containers) {
            text += ns(*pod) + "\t" + name(*pod) + "\t" + c->value("name", "") + "\t";
            const auto usage = c->value("usage", nlohmann::json::object());
            for (int r = 0; r < 3; ++r) {
                Quantity q = quantityOf(usage, kResources[r]).value_or(Quantity::zero());
                total[r] += q;
                text += usageText(kResources[r], q) + "\t";
            }
            text += "\n";
        }
    }
    // kubectl shifts this footer one column right once swap is shown; keep it under its columns.
    text += "\t\t\t________\t________\t________\t\n\t\t\t";
    for (int r = 0; r < 3; ++r)
        text += usageText(kResources[r], total[r]) + "\t";
    text += "\n";
    return sdk::alignColumns(text);
}

std::string formatNodeTop(const nlohmann::json& metricsItems, const nlohmann::json& nodeItems) {
    if (!metricsItems.is_array() || metricsItems.empty()) return "";
    struct Available {
        std::optional<Quantity> res[3];
    };
    std::map<std::string, Available> available;
    if (nodeItems.is_array()) {
        for (const auto& node : nodeItems) {
            Available a;
            const auto status = node.value("status", nlohmann::json::object());
            const auto alloc = status.value("allocatable", nlohmann::json::object());
            a.res[0] = quantityOf(alloc, "cpu");
            a.res[1] = quantityOf(alloc, "memory");
            const auto swap =
                status.value("nodeInfo", nlohmann::json::object()).value("swap", nlohmann::json::object());
            if (swap.is_object() && swap.contains("capacity") && swap["capacity"].is_number())
                a.res[2] = Quantity::parse(std::to_string(swap["capacity"].get<long long>()));
            available[name(node)] = a;
        }
    }
    std::vector<const nlohmann::json*> nodes;
    for (const auto& m : metricsItems)
        nodes.push_back(&m);
    std::stable_sort(nodes.begin(), nodes.end(),
                     [](const auto* a, const auto* b) { return name(*a) < name(*b); });
    std::string text = "NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\tSWAP(bytes)\tSWAP(%)\t\n";
    for (const auto* m : nodes) {
        std::string n = name(*m);
        auto it = available.find(n);
        text += n + "\t";
        const auto usage = m->value("usage", nlohmann::json::object());
        for (int r = 0; r < 3; ++r) {
            bool known = it != available.end() && it->second.res[r].has_value();
            if (r == 2 && !known) {
                text += "<unknown>\t<unknown>\t";
                continue;
            }
            Quantity q = quantityOf(usage, kResources[r]).value_or(Quantity::zero());
            text += usageText(kResources[r], q) + "\t";
            if (known) {
                long long avail = it->second.res[r]->milliValue();
                double fraction =
                    avail == 0 ? 0.0 : static_cast<double>(q.milliValue()) / static_cast<double>(avail) * 100;
                text += std::to_string(static_cast<long long>(fraction)) + "%\t";
            }
        }
        text += "\n";
        if (it != available.end()) available.erase(it);
    }
    for (const auto& [missing, _] : available) {
        text += missing + "\t";
        for (int r = 0; r < 3; ++r)
            text += "<unknown>\t<unknown>\t";
        text += "\n";
    }
    return sdk::alignColumns(text);
}

} // namespace kmcp::plugins::core
