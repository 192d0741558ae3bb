-- wrk script: POSTs one JSON-RPC message to a Streamable HTTP endpoint over and over.
-- Arguments (after `--`): body file, a string every good response contains, optional Mcp-Session-Id.
-- A response without the marker (a JSON-RPC error, a tool error, a throttled reply) counts as bad,
-- so a fast server that answers with errors cannot look good. done() prints one JSON line.
-- Every request gets its own JSON-RPC id: within a session, ids must not repeat while in flight.

local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("tid", #threads)
end

function init(args)
    local f = assert(io.open(args[1], "rb"))
    local body = f:read("*a")
    f:close()
    local idAt = assert(string.find(body, '"id":%d+'), "body has no numeric id")
    local idEnd = select(2, string.find(body, '"id":%d+'))
    prefix = string.sub(body, 1, idAt + 4)
    suffix = string.sub(body, idEnd + 1)
    counter = tid * 1000000000
    marker = args[2]
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Accept"] = "application/json, text/event-stream"
    wrk.headers["Mcp-Protocol-Version"] = "2025-06-18"
    if args[3] ~= nil and args[3] ~= "" then
        wrk.headers["Mcp-Session-Id"] = args[3]
    end
    bad = 0
end

function request()
    counter = counter + 1
    return wrk.format(nil, nil, nil, prefix .. counter .. suffix)
end

function response(status, headers, body)
    if status ~= 200 or not string.find(body, marker, 1, true) then
        bad = bad + 1
    end
end

function done(summary, latency, requests)
    local badTotal = 0
    for _, t in ipairs(threads) do
        badTotal = badTotal + (t:get("bad") or 0)
    end
    local e = summary.errors
    io.write(string.format(
        '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
        '"bad":%d,"socket_errors":%d,"timeouts":%d}\n',
        summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
        badTotal, e.connect + e.read + e.write, e.timeout))
end
