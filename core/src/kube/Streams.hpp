#pragma once

#include "common/Result.hpp"
#include "kube/Types.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string_view>

namespace kmcp::kube {

class ClusterConnection;

// Receives stream data: `channel` 1 = stdout (and every HTTP stream chunk), 2 = stderr.
// Returning false stops the stream early (not an error).
using ChunkFn = std::function<bool(uint32_t channel, std::string_view data)>;

// Poll granularity of cancellation while a stream waits for data.
inline constexpr std::chrono::milliseconds kStreamPoll{250};
// Bound of a stream without Request::timeout (a followed log must end some time).
inline constexpr std::chrono::minutes kDefaultStreamDeadline{10};

// A chunked HTTP GET (pods/log?follow=true …). Data arrives on channel 1 as it comes. Ends at
// end of body, after `maxBytes` (the last chunk is cut), when `onChunk` returns false, at the
// deadline; `cancel` aborts with Error{Cancelled}. Returns 0; a non-2xx answer is an Error with the
// Status message. Always uses its own connection (an abandoned body must not return to the pool).
Result<int> httpStream(ClusterConnection& conn, const Request& request, const Credentials& creds,
                       uint64_t maxBytes, const ChunkFn& onChunk, const std::atomic<bool>* cancel);

// A WebSocket exec/attach session speaking v5.channel.k8s.io (falls back to v4.channel.k8s.io).
// `stdinData` is sent on channel 0 and then stdin is closed (v5 only; v4 has no close message).
// stdout/stderr frames go to `onChunk`; the channel-3 Status gives the result: the command's exit
// code (0 on Success, N for NonZeroExitCode), an Error for other failures, or -1 when the session
// was stopped early before any status arrived.
Result<int> websocketExec(ClusterConnection& conn, const Request& request, const Credentials& creds,
                          std::string_view stdinData, uint64_t maxBytes, const ChunkFn& onChunk,
                          const std::atomic<bool>* cancel);

// The exit code in a channel-3 Status document.
Result<int> execExitCode(std::string_view statusJson);

} // namespace kmcp::kube
