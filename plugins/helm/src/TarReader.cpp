#include "TarReader.hpp"

#include "Codec.hpp"

#include <stdexcept>

namespace kmcp::helm {

namespace {

std::string field(std::string_view block, size_t off, size_t len) {
    auto f = block.substr(off, len);
    auto nul = f.find('\0');
    return std::string(nul == std::string_view::npos ? f : f.substr(0, nul));
}

unsigned long long octal(std::string_view block, size_t off, size_t len) {
    auto f = block.substr(off, len);
    // GNU base-256 encoding for large sizes.
    if (!f.empty() && (static_cast<unsigned char>(f[0]) & 0x80)) {
        unsigned long long v = static_cast<unsigned char>(f[0]) & 0x7F;
        for (size_t i = 1; i < f.size(); ++i)
            v = (v << 8) | static_cast<unsigned char>(f[i]);
        return v;
    }
    unsigned long long v = 0;
    for (char c : f) {
        if (c == ' ' || c == '\0') {
            if (v) break;
            continue;
        }
        if (c < '0' || c > '7') throw std::runtime_error("tar: invalid octal number in header");
        v = v * 8 + static_cast<unsigned>(c - '0');
    }
    return v;
}

bool checksumOk(std::string_view block) {
    unsigned long long expected = octal(block, 148, 8);
    unsigned long long sum = 0;
    for (size_t i = 0; i < 512; ++i)
        sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(block[i]);
    return sum == expected;
}

// PAX records: "<len> key=value\n".
std::string paxPath(std::string_view data) {
    std::string path;
    size_t pos = 0;
    while (pos < data.size()) {
        auto sp = data.find(' ', pos);
        if (sp == std::string_view::npos) break;
        size_t len = std::stoul(std::string(data.substr(pos, sp - pos)));
        if (len == 0 || pos + len > data.size()) throw std::runtime_error("tar: malformed PAX header");
        auto rec = data.substr(sp + 1, len - (sp - pos) - 2);
        auto eq = rec.find('=');
        if (eq != std::string_view::npos && rec.substr(0, eq) == "path")
            path = std::string(rec.substr(eq + 1));
        pos += len;
    }
    return path;
}

} // namespace

std::vector<TarEntry> readTar(std::string_view archive, size_t maxBytes) {
    std::vector<TarEntry> out;
    size_t pos = 0, total = 0;
    std::string longName;
    while (pos + 512 <= archive.size()) {
        auto block = archive.substr(pos, 512);
        if (block.find_first_not_of('\0') == std::string_view::npos) break; // end-of-archive marker
        if (!checksumOk(block))
            throw std::runtime_error("tar: header checksum mismatch at offset " + std::to_string(pos));
        auto size = octal(block, 124, 12);
        char type = block[156];
        pos += 512;
        auto padded = (size + 511) / 512 * 512;
        if (padded > archive.size() - pos) throw std::runtime_error("tar: unexpected end of archive");
        auto data = archive.substr(pos, size);
        pos += padded;
        if (type == 'L') {
            longName = field(data, 0, data.size());
            continue;
        }
        if (type == 'x') {
            longName = paxPath(data);
            continue;
        }
        if (type == 'g') continue;
        std::string name = field(block, 0, 100);
        if (field(block, 257, 6) == "ustar") {
            auto prefix = field(block, 345, 155);
            if (!prefix.empty()) name = prefix + "/" + name;
        }
        if (!longName.empty()) {
            name = longName;
            longName.clear();
        }
        if (type != '0' && type != '\0' && type != '7') continue; // only regular files
        total += size;
        if (total > maxBytes)
            throw std::runtime_error("tar: archive content exceeds " + std::to_string(maxBytes) + " bytes");
        out.push_back({name, std::string(data)});
    }
    if (pos < archive.size() && archive.size() - pos < 512 &&
        archive.substr(pos).find_first_not_of('\0') != std::string_view::npos)
        throw std::runtime_error("tar: unexpected end of archive");
    return out;
}

std::vector<TarEntry> readTgz(std::string_view archive, size_t maxBytes) {
    if (!isGzip(archive)) throw std::runtime_error("not a gzip-compressed archive");
    return readTar(gzipDecompress(archive, maxBytes + (maxBytes / 8)), maxBytes);
}

} // namespace kmcp::helm
