-- wrk script for bench/python_peer.sh: POST the JSON batches listed (one
-- path a line) in BODY_LIST in turn, so the server sees every event, not
-- one batch again and again; back off 100 ms after a 429, as a client of
-- the daemon would (else refused batches take the CPU that evaluation
-- needs); print requests, non-2xx answers and latency percentiles
-- (microseconds) on one machine-readable line at the end.
local bodies = {}
for path in io.lines(os.getenv("BODY_LIST")) do
  local f = assert(io.open(path, "rb"))
  bodies[#bodies + 1] = f:read("*a")
  f:close()
end
local next_body = 0

request = function()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"},
                    bodies[next_body])
end

local backoff = 0
response = function(status, headers, body)
  backoff = status == 429 and 100 or 0
end
delay = function()
  return backoff
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d non2xx=%d p50=%d p99=%d p999=%d\n",
    summary.requests, summary.errors.status, latency:percentile(50),
    latency:percentile(99), latency:percentile(99.9)))
end
