#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kmcp::helm {

struct TarEntry {
    std::string path;
    std::string data;
};

// Reads the regular files of a ustar/GNU/PAX tar archive (directories, links and devices are
// skipped; long names from GNU 'L' and PAX 'path' records are honoured). Throws std::runtime_error
// on a truncated or malformed archive, or when the files total more than maxBytes.
std::vector<TarEntry> readTar(std::string_view archive, size_t maxBytes = size_t(64) << 20);
// gunzip then readTar.
std::vector<TarEntry> readTgz(std::string_view archive, size_t maxBytes = size_t(64) << 20);

} // namespace kmcp::helm
