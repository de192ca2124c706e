-- wrk script for bench/scenarios.sh and bench/overhead.sh: POST BODY_FILE with CONTENT_TYPE on
-- every request; at the end print requests, non-2xx answers and latency
-- percentiles (microseconds) on one machine-readable line.
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/json"

-- DELAY_MS: pause between a connection's requests (a steady rate below
-- saturation, for bench/overhead.sh).
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
if delay_ms > 0 then
  delay = function() return delay_ms end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d non2xx=%d p50=%d p99=%d p999=%d\n",
    summary.requests, summary.errors.status, latency:percentile(50),
    latency:percentile(99), latency:percentile(99.9)))
end
