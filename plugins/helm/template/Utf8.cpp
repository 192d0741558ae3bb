#include "Utf8.h"

#include <cwctype>

namespace kmcp::helm::tmpl::utf8 {

char32_t decode(std::string_view s, size_t i, size_t& width) {
    auto b = static_cast<unsigned char>(s[i]);
    width = 1;
    if (b < 0x80) return b;
    int n = 0;
    char32_t r = 0;
    if ((b & 0xE0) == 0xC0) {
        n = 1;
        r = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
        n = 2;
        r = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
        n = 3;
        r = b & 0x07;
    } else {
        return 0xFFFD;
    }
    if (i + n >= s.size()) return 0xFFFD;
    for (int k = 1; k <= n; ++k) {
        auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return 0xFFFD;
        r = (r << 6) | (c & 0x3F);
    }
    static const char32_t minByLen[] = {0, 0x80, 0x800, 0x10000};
    if (r < minByLen[n] || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return 0xFFFD;
    width = n + 1;
    return r;
}

void append(std::string& out, char32_t r) {
    if (r < 0x80) {
        out += static_cast<char>(r);
    } else if (r < 0x800) {
        out += static_cast<char>(0xC0 | (r >> 6));
        out += static_cast<char>(0x80 | (r & 0x3F));
    } else if (r < 0x10000) {
        out += static_cast<char>(0xE0 | (r >> 12));
        out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (r & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (r >> 18));
        out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (r & 0x3F));
    }
}

std::vector<char32_t> runes(std::string_view s) {
    std::vector<char32_t> out;
    for (size_t i = 0; i < s.size();) {
        size_t w;
        out.push_back(decode(s, i, w));
        i += w;
    }
    return out;
}

std::string fromRunes(const std::vector<char32_t>& r) {
    std::string out;
    for (auto c : r)
        append(out, c);
    return out;
}

size_t runeCount(std::string_view s) {
    size_t n = 0;
    for (size_t i = 0; i < s.size();) {
        size_t w;
        decode(s, i, w);
        i += w;
        ++n;
    }
    return n;
}

bool valid(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        size_t w;
        char32_t r = decode(s, i, w);
        if (r == 0xFFFD && w == 1 && static_cast<unsigned char>(s[i]) >= 0x80) return false;
        i += w;
    }
    return true;
}

bool isLetter(char32_t r) {
    if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
    return std::iswalpha(static_cast<wint_t>(r)) != 0 || r >= 0xC0;
}
bool isDigit(char32_t r) {
    return r >= '0' && r <= '9';
}
bool isSpace(char32_t r) {
    return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' || r == 0x85 ||
           r == 0xA0 || r == 0x2028 || r == 0x2029 || r == 0x3000 || r == 0x1680 ||
           (r >= 0x2000 && r <= 0x200a) || r == 0x202f || r == 0x205f;
}
bool isUpper(char32_t r) {
    if (r < 0x80) return r >= 'A' && r <= 'Z';
    return std::iswupper(static_cast<wint_t>(r)) != 0;
}
bool isLower(char32_t r) {
    if (r < 0x80) return r >= 'a' && r <= 'z';
    return std::iswlower(static_cast<wint_t>(r)) != 0;
}
char32_t toUpper(char32_t r) {
    if (r < 0x80) return (r >= 'a' && r <= 'z') ? r - 32 : r;
    return static_cast<char32_t>(std::towupper(static_cast<wint_t>(r)));
}
char32_t toLower(char32_t r) {
    if (r < 0x80) return (r >= 'A' && r <= 'Z') ? r + 32 : r;
    return static_cast<char32_t>(std::towlower(static_cast<wint_t>(r)));
}

} // namespace kmcp::helm::tmpl::utf8
