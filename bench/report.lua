-- wrk script: rotate over the URLs given as arguments and print one JSON line with
-- requests/s, latency percentiles (ms) and errors. WRK_LIMIT=n stops each thread after n
-- responses (the memory run); without it no response() hook slows wrk down.
local paths = {}
local counter = 0
local limit = tonumber(os.getenv("WRK_LIMIT") or "0")
local done_here = 0

function init(args)
  for i = 1, #args do
    table.insert(paths, args[i])
  end
  if #paths == 0 then paths = { "/" } end
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  return wrk.format("GET", path)
end

if limit > 0 then
  function response(status, headers, body)
    done_here = done_here + 1
    if done_here >= limit then wrk.thread:stop() end
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, ' ..
    '"p99_ms": %.2f, "max_ms": %.2f, "errors": {"connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d}, "bytes": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, summary.bytes))
end
