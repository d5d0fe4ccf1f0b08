-- wrk script for benchmarks/run-load.sh: POSTs like a browser that keeps its cookies. The first response's
-- Set-Cookie starts the session; every later Set-Cookie (the cookie stores re-issue it on each change) replaces it.
-- One cookie jar per wrk thread (each thread has its own Lua state), shared by that thread's connections.
-- Each response's body is the number of cart lines loaded: "0" means the request started a new session.
-- At the end, prints one machine-readable line: RESULT requests duration_us p99_us non2xx socket_errors new_sessions

local cookie = nil
fresh = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

request = function()
  if cookie then
    return wrk.format("POST", nil, { ["Cookie"] = cookie, ["Content-Length"] = "0" }, nil)
  end
  return wrk.format("POST", nil, { ["Content-Length"] = "0" }, nil)
end

response = function(status, headers, body)
  if body == "0" then
    fresh = fresh + 1
  end
  local set = headers["Set-Cookie"] or headers["set-cookie"]
  if set then
    local pair = set:match("^[^;]+")
    if pair and not pair:match("=$") then
      cookie = pair
    end
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local sessions = 0
  for _, thread in ipairs(threads) do
    sessions = sessions + (thread:get("fresh") or 0)
  end
  io.write(string.format("RESULT %d %d %d %d %d %d\n",
    summary.requests, summary.duration, latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout, sessions))
end
