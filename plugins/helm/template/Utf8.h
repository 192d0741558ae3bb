#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kmcp::helm::tmpl::utf8 {

// Decodes one rune at s[i]; invalid bytes decode as U+FFFD with width 1, like Go.
char32_t decode(std::string_view s, size_t i, size_t& width);
void append(std::string& out, char32_t r);
std::vector<char32_t> runes(std::string_view s);
std::string fromRunes(const std::vector<char32_t>& r);
size_t runeCount(std::string_view s);
bool valid(std::string_view s);

bool isLetter(char32_t r);
bool isDigit(char32_t r);
bool isSpace(char32_t r);
bool isUpper(char32_t r);
bool isLower(char32_t r);
char32_t toUpper(char32_t r);
char32_t toLower(char32_t r);

} // namespace kmcp::helm::tmpl::utf8
