#pragma once

#include <string>
#include <string_view>

namespace kmcp::helm {

// Standard base64 (RFC 4648 §4, padded), as Go's base64.StdEncoding.
std::string base64Encode(std::string_view data);
// Throws std::invalid_argument on malformed input.
std::string base64Decode(std::string_view text);

// gzip with the header Go's compress/gzip writes at BestCompression (no name, mtime 0, XFL 2,
// OS 255), so the first ten bytes match what helm stores; the deflate stream is zlib's.
std::string gzipCompress(std::string_view data);
// Inflates a gzip member; throws std::runtime_error on corrupt data or when the output would pass
// maxOutput bytes (a guard against decompression bombs from hostile charts or records).
std::string gzipDecompress(std::string_view data, size_t maxOutput = size_t(256) << 20);
bool isGzip(std::string_view data);

} // namespace kmcp::helm
