-- Shared by the wrk scenarios: bearer token from $TOKEN, results as one JSON line in $OUT.
local M = {}

function M.headers()
  return { ["Authorization"] = "Bearer " .. os.getenv("TOKEN"), ["Accept"] = "application/json" }
end

function M.done(name)
  return function(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    local line = string.format(
      '{"scenario":"%s","client":"wrk","requests":%d,"seconds":%.1f,"rps":%.1f,"p50_ms":%.2f,"p95_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,"errors":%d}',
      name, summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
      latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors)
    io.write(line .. "\n")
    local out = os.getenv("OUT")
    if out then
      local f = io.open(out, "w"); f:write(line .. "\n"); f:close()
    end
  end
end

return M
