#include "http/MediaType.hpp"

#include <algorithm>
#include <cctype>

namespace kmcp::http {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// q=0 means "not acceptable" (RFC 9110 §12.4.2); any other or missing q accepts.
bool qIsZero(std::string_view params) {
    size_t pos = 0;
    while (pos < params.size()) {
        size_t end = params.find(';', pos);
        if (end == std::string_view::npos) end = params.size();
        std::string p = lower(trim(params.substr(pos, end - pos)));
        if (p.rfind("q=", 0) == 0) {
            std::string v = p.substr(2);
            return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c == '0' || c == '.'; });
        }
        pos = end + 1;
    }
    return false;
}

} // namespace

std::string mediaTypeOf(std::string_view contentType) {
    return lower(trim(contentType.substr(0, contentType.find(';'))));
}

bool acceptsMediaType(std::string_view accept, std::string_view type) {
    const std::string wanted = lower(type);
    const std::string wantedMajor = wanted.substr(0, wanted.find('/'));
    size_t pos = 0;
    while (pos <= accept.size()) {
        size_t end = accept.find(',', pos);
        if (end == std::string_view::npos) end = accept.size();
        std::string_view item = accept.substr(pos, end - pos);
        const size_t semi = item.find(';');
        const std::string range = lower(trim(item.substr(0, semi)));
        const std::string_view params =
            semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1);
        const bool matches = range == wanted || range == "*/*" || range == wantedMajor + "/*";
        if (matches && !qIsZero(params)) return true;
        pos = end + 1;
    }
    return false;
}

} // namespace kmcp::http
