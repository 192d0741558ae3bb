#include "OutputLimit.hpp"

namespace kmcp::plugins::core {

std::string boundOutput(std::string text, std::string_view howToContinue, std::size_t maxBytes) {
    if (text.size() <= maxBytes) return text;
    std::size_t total = text.size();
    std::size_t cut = text.rfind('\n', maxBytes);
    if (cut == std::string::npos || cut == 0) {
        cut = maxBytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
    } else {
        ++cut;
    }
    text.resize(cut);
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += "# output truncated: showing " + std::to_string(cut) + " of " + std::to_string(total) + " bytes";
    if (!howToContinue.empty()) text += "; " + std::string(howToContinue);
    text += '\n';
    return text;
}

} // namespace kmcp::plugins::core
