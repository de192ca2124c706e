-- wrk script for bench/scenarios.sh: POST BODY_FILE with CONTENT_TYPE on
-- every request; at the end print requests, non-2xx answers and latency
-- percentiles (microseconds) on one machine-readable line.
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/json"

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d non2xx=%d p50=%d p99=%d p999=%d\n",
    summary.requests, summary.errors.status, latency:percentile(50),
    latency:percentile(99), latency:percentile(99.9)))
end
