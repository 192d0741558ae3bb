#include "Selectors.hpp"

#include "ApiError.hpp"

#include <algorithm>
#include <cctype>

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

std::string trim(const std::string& s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) {
        ++b;
    }
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) {
        --e;
    }
    return s.substr(b, e - b);
}

// Splits on commas that are not inside parentheses, so `a in (x,y),b=c` gives two terms.
std::vector<std::string> splitTerms(const std::string& text) {
    std::vector<std::string> terms;
    std::string current;
    int depth = 0;
    for (char c : text) {
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            --depth;
        }
        if (c == ',' && depth == 0) {
            terms.push_back(trim(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (depth != 0) {
        throw badRequest("unable to parse requirement: unbalanced parentheses in \"" + text + "\"");
    }
    if (!trim(current).empty() || !terms.empty()) {
        terms.push_back(trim(current));
    }
    return terms;
}

bool validKey(const std::string& key) {
    if (key.empty()) {
        return false;
    }
    return std::all_of(key.begin(), key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/';
    });
}

std::vector<std::string> parseSet(const std::string& text, const std::string& term) {
    auto open = text.find('(');
    auto close = text.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) {
        throw badRequest("unable to parse requirement: found '" + text + "', expected: '('");
    }
    std::vector<std::string> values;
    std::string inner = text.substr(open + 1, close - open - 1);
    std::size_t start = 0;
    while (start <= inner.size()) {
        auto comma = inner.find(',', start);
        std::string v =
            trim(inner.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!v.empty()) {
            values.push_back(v);
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    if (values.empty()) {
        throw badRequest(
            "unable to parse requirement: for 'in', 'notin' operators, values set can't be empty in \"" +
            term + "\"");
    }
    return values;
}

std::string scalarText(const json& v) {
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_null()) {
        return "";
    }
    return v.dump();
}

} // namespace

LabelSelector LabelSelector::parse(const std::string& text) {
    LabelSelector selector;
    for (const auto& term : splitTerms(text)) {
        if (term.empty()) {
            throw badRequest("unable to parse requirement: found '', expected: identifier");
        }
        Requirement r;
        auto lowered = term;
        if (term[0] == '!') {
            r.key = trim(term.substr(1));
            r.op = Op::DoesNotExist;
        } else if (auto p = term.find("!="); p != std::string::npos) {
            r.key = trim(term.substr(0, p));
            r.op = Op::NotEquals;
            r.values = {trim(term.substr(p + 2))};
        } else if (auto p2 = term.find("=="); p2 != std::string::npos) {
            r.key = trim(term.substr(0, p2));
            r.op = Op::Equals;
            r.values = {trim(term.substr(p2 + 2))};
        } else if (auto p3 = term.find('='); p3 != std::string::npos) {
            r.key = trim(term.substr(0, p3));
            r.op = Op::Equals;
            r.values = {trim(term.substr(p3 + 1))};
        } else if (auto p4 = term.find(" notin "); p4 != std::string::npos) {
            r.key = trim(term.substr(0, p4));
            r.op = Op::NotIn;
            r.values = parseSet(term.substr(p4 + 7), term);
        } else if (auto p5 = term.find(" in "); p5 != std::string::npos) {
            r.key = trim(term.substr(0, p5));
            r.op = Op::In;
            r.values = parseSet(term.substr(p5 + 4), term);
        } else {
            r.key = term;
            r.op = Op::Exists;
        }
        if (!validKey(r.key)) {
            throw badRequest("unable to parse requirement: invalid label key \"" + r.key + "\"");
        }
        selector.requirements_.push_back(std::move(r));
    }
    return selector;
}

LabelSelector LabelSelector::fromObject(const json& selector) {
    LabelSelector result;
    if (!selector.is_object()) {
        return result;
    }
    if (auto it = selector.find("matchLabels"); it != selector.end() && it->is_object()) {
        for (const auto& [k, v] : it->items()) {
            result.requirements_.push_back({k, Op::Equals, {scalarText(v)}});
        }
    }
    if (auto it = selector.find("matchExpressions"); it != selector.end() && it->is_array()) {
        for (const auto& expr : *it) {
            Requirement r;
            r.key = expr.value("key", "");
            std::string op = expr.value("operator", "");
            if (op == "In") {
                r.op = Op::In;
            } else if (op == "NotIn") {
                r.op = Op::NotIn;
            } else if (op == "Exists") {
                r.op = Op::Exists;
            } else {
                r.op = Op::DoesNotExist;
            }
            for (const auto& v : expr.value("values", json::array())) {
                r.values.push_back(scalarText(v));
            }
            result.requirements_.push_back(std::move(r));
        }
    }
    return result;
}

bool LabelSelector::matches(const json& labels) const {
    for (const auto& r : requirements_) {
        bool has = labels.is_object() && labels.contains(r.key);
        std::string value = has ? scalarText(labels.at(r.key)) : "";
        bool inValues = has && std::find(r.values.begin(), r.values.end(), value) != r.values.end();
        bool ok = false;
        switch (r.op) {
        case Op::Equals:
        case Op::In:
            ok = inValues;
            break;
        case Op::NotEquals:
        case Op::NotIn:
            ok = !inValues;
            break;
        case Op::Exists:
            ok = has;
            break;
        case Op::DoesNotExist:
            ok = !has;
            break;
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}

FieldSelector FieldSelector::parse(const std::string& text) {
    FieldSelector selector;
    for (const auto& term : splitTerms(text)) {
        Requirement r;
        if (auto p = term.find("!="); p != std::string::npos) {
            r = {trim(term.substr(0, p)), true, trim(term.substr(p + 2))};
        } else if (auto p2 = term.find("=="); p2 != std::string::npos) {
            r = {trim(term.substr(0, p2)), false, trim(term.substr(p2 + 2))};
        } else if (auto p3 = term.find('='); p3 != std::string::npos) {
            r = {trim(term.substr(0, p3)), false, trim(term.substr(p3 + 1))};
        } else {
            throw badRequest("invalid selector: '" + text + "'; can't understand '" + term + "'");
        }
        if (r.path.empty()) {
            throw badRequest("invalid selector: '" + text + "'; can't understand '" + term + "'");
        }
        selector.requirements_.push_back(std::move(r));
    }
    return selector;
}

std::string fieldValue(const json& object, const std::string& dottedPath) {
    const json* cur = &object;
    std::size_t start = 0;
    while (start <= dottedPath.size()) {
        auto dot = dottedPath.find('.', start);
        std::string part =
            dottedPath.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!cur->is_object()) {
            return "";
        }
        auto it = cur->find(part);
        if (it == cur->end()) {
            return "";
        }
        cur = &*it;
        if (dot == std::string::npos) {
            break;
        }
        start = dot + 1;
    }
    return scalarText(*cur);
}

bool FieldSelector::matches(const json& object) const {
    for (const auto& r : requirements_) {
        bool equal = fieldValue(object, r.path) == r.value;
        if (equal == r.negate) {
            return false;
        }
    }
    return true;
}

std::string FieldSelector::equalityValue(const std::string& path) const {
    for (const auto& r : requirements_) {
        if (!r.negate && r.path == path) {
            return r.value;
        }
    }
    return "";
}

} // namespace kmcp::sandbox
