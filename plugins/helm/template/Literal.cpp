#include "Literal.h"

#include "Utf8.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace kmcp::helm::tmpl {

namespace {

int hexVal(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool unescape(const std::string& body, char quote, std::string& out) {
    for (size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c == quote) return false;
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i >= body.size()) return false;
        char e = body[i];
        switch (e) {
        case 'a':
            out += '\a';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'v':
            out += '\v';
            break;
        case '\\':
            out += '\\';
            break;
        case '\'':
        case '"':
            if (e != quote) return false;
            out += e;
            break;
        case 'x':
        case 'u':
        case 'U': {
            int n = e == 'x' ? 2 : (e == 'u' ? 4 : 8);
            if (i + n >= body.size()) return false;
            uint32_t v = 0;
            for (int k = 1; k <= n; ++k) {
                int h = hexVal(body[i + k]);
                if (h < 0) return false;
                v = v * 16 + h;
            }
            i += n;
            if (e == 'x')
                out += static_cast<char>(v);
            else
                utf8::append(out, v);
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                if (i + 2 >= body.size()) return false;
                int v = 0;
                for (int k = 0; k < 3; ++k) {
                    char d = body[i + k];
                    if (d < '0' || d > '7') return false;
                    v = v * 8 + (d - '0');
                }
                if (v > 255) return false;
                out += static_cast<char>(v);
                i += 2;
                break;
            }
            return false;
        }
    }
    return true;
}

} // namespace

bool unquoteGo(const std::string& lit, std::string& out, std::string& err) {
    err = "invalid syntax";
    if (lit.size() < 2 || lit.front() != lit.back()) return false;
    std::string body = lit.substr(1, lit.size() - 2);
    if (lit[0] == '`') {
        if (body.find('`') != std::string::npos) return false;
        for (char c : body)
            if (c != '\r') out += c;
        return true;
    }
    if (lit[0] != '"' && lit[0] != '\'') return false;
    if (!unescape(body, lit[0], out)) return false;
    if (lit[0] == '\'' && utf8::runeCount(out) != 1) return false;
    return true;
}

bool parseNumberLiteral(const std::string& text, bool isChar, Node& n, std::string& err) {
    if (isChar) {
        std::string s;
        if (!unquoteGo(text, s, err)) {
            err = "malformed character constant: " + text;
            return false;
        }
        size_t w;
        n.intVal = utf8::decode(s, 0, w);
        n.isInt = n.isFloat = n.isChar = true;
        n.floatVal = static_cast<double>(n.intVal);
        return true;
    }
    if (!text.empty() && text.back() == 'i') {
        err = "complex numbers are not supported: " + text;
        return false;
    }
    std::string clean;
    for (char c : text)
        if (c != '_') clean += c;
    bool neg = false;
    std::string body = clean;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
        neg = body[0] == '-';
        body = body.substr(1);
    }
    int base = 10;
    std::string digits = body;
    if (body.size() > 1 && body[0] == '0') {
        char p = static_cast<char>(std::tolower(static_cast<unsigned char>(body[1])));
        if (p == 'x') {
            base = 16;
            digits = body.substr(2);
        } else if (p == 'o') {
            base = 8;
            digits = body.substr(2);
        } else if (p == 'b') {
            base = 2;
            digits = body.substr(2);
        } else if (std::isdigit(static_cast<unsigned char>(p))) {
            base = 8;
            digits = body.substr(1);
        }
    }
    bool intLike = !digits.empty() && digits.find_first_of(base == 16 ? ".pP" : ".eEpP") == std::string::npos;
    if (intLike) {
        errno = 0;
        char* end = nullptr;
        unsigned long long u = std::strtoull(digits.c_str(), &end, base);
        if (*end == 0 && errno == 0) {
            if (!neg && u <= static_cast<unsigned long long>(INT64_MAX)) {
                n.isInt = true;
                n.intVal = static_cast<int64_t>(u);
            } else if (neg && u <= static_cast<unsigned long long>(INT64_MAX) + 1) {
                n.isInt = true;
                n.intVal = static_cast<int64_t>(0 - u);
            }
            n.isFloat = true;
            n.floatVal = neg ? -static_cast<double>(u) : static_cast<double>(u);
            if (!n.isInt) {
                err = "integer overflow: \"" + text + "\"";
                return false;
            }
            return true;
        }
    }
    errno = 0;
    char* end = nullptr;
    double f = std::strtod(clean.c_str(), &end);
    if (*end != 0 || (clean.find_first_of(".eEpP") == std::string::npos)) {
        err = "illegal number syntax: \"" + text + "\"";
        return false;
    }
    n.isFloat = true;
    n.floatVal = f;
    if (std::fabs(f) < 9.2e18 && static_cast<double>(static_cast<int64_t>(f)) == f) {
        n.isInt = true;
        n.intVal = static_cast<int64_t>(f);
    }
    return true;
}

} // namespace kmcp::helm::tmpl
