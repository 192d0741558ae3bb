-- wrk script: POSTs one JSON-RPC message to a Streamable HTTP endpoint over and over, as several
-- OAuth users at once. Like mcp-post.lua, but every wrk thread plays one user: its own bearer
-- token, its own request body and its own success marker (and optionally its own Mcp-Session-Id).
--
--   wrk -t 2 -c 64 ... -s mcp-post-oauth.lua URL -- USERS_FILE
--
-- USERS_FILE has one line per user, tab-separated: name, bearer token, session id (may be empty),
-- body file, marker. Thread i plays line ((i - 1) % lines) + 1, so with -t 2 and two lines the
-- connections split evenly between the two users. A response that is not HTTP 200 or lacks that
-- user's marker (a 401, a JSON-RPC error, a tool error such as "forbidden") counts as bad.
-- done() prints one JSON line: the totals plus calls and bad answers per user.

local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("tid", #threads)
end

local function readAll(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

function init(args)
    local lines = {}
    for line in string.gmatch(readAll(args[1]), "[^\n]+") do
        table.insert(lines, line)
    end
    assert(#lines > 0, "users file is empty")
    local mine = lines[((tid - 1) % #lines) + 1]
    local name, token, session, bodyFile, mark =
        string.match(mine, "^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    assert(name and mark and mark ~= "", "bad users line: name, token, session, body file, marker")
    user = name
    marker = mark
    local body = readAll(bodyFile)
    local idAt = assert(string.find(body, '"id":%d+'), "body has no numeric id")
    local idEnd = select(2, string.find(body, '"id":%d+'))
    prefix = string.sub(body, 1, idAt + 4)
    suffix = string.sub(body, idEnd + 1)
    counter = tid * 1000000000
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Accept"] = "application/json, text/event-stream"
    wrk.headers["Mcp-Protocol-Version"] = "2025-06-18"
    wrk.headers["Authorization"] = "Bearer " .. token
    if session ~= "" then
        wrk.headers["Mcp-Session-Id"] = session
    end
    calls = 0
    bad = 0
    sample = ""
end

function request()
    counter = counter + 1
    return wrk.format(nil, nil, nil, prefix .. counter .. suffix)
end

function response(status, headers, body)
    calls = calls + 1
    if status ~= 200 or not string.find(body, marker, 1, true) then
        bad = bad + 1
        if sample == "" then
            sample = status .. " " .. string.sub(body or "", 1, 160)
        end
    end
end

local function jsonString(s)
    return '"' .. string.gsub(s, '[%c"\\]', function(c)
        return string.format("\\u%04x", string.byte(c))
    end) .. '"'
end

function done(summary, latency, requests)
    local badTotal = 0
    local perUser = {}
    for _, t in ipairs(threads) do
        badTotal = badTotal + (t:get("bad") or 0)
        table.insert(perUser, string.format('{"user":%s,"calls":%d,"bad":%d,"sample":%s}',
            jsonString(t:get("user") or "?"), t:get("calls") or 0, t:get("bad") or 0,
            jsonString(t:get("sample") or "")))
    end
    local e = summary.errors
    io.write(string.format(
        '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
        '"bad":%d,"socket_errors":%d,"timeouts":%d,"threads":[%s]}\n',
        summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
        badTotal, e.connect + e.read + e.write, e.timeout, table.concat(perUser, ",")))
end
