// An OTLP/HTTP logs receiver for the evaluation-results test: decodes each
// export with the official OTLP protobuf definitions (as compiled for
// protobufjs in @opentelemetry/otlp-transformer) or as OTLP/JSON, and prints
// one JSON line per log record.
//   node tests/otlp/receive_logs.cjs MODULES_DIR [FAILURES]
// The first FAILURES requests are answered 503 (Retry-After: 0).
const [, , modulesDir, failures = "0"] = process.argv;
const http = require("http");
const path = require("path");
const zlib = require("zlib");
const root = require(path.join(path.resolve(modulesDir), "node_modules",
  "@opentelemetry/otlp-transformer/build/src/generated/root.js"));
const Request = root.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;

const hex = (b) => (b && b.length ? Buffer.from(b).toString("hex") : "");
const value = (v) => v.stringValue ?? v.doubleValue ?? v.intValue ?? v.boolValue;
let failuresLeft = Number(failures);
let requests = 0;

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    requests++;
    if (failuresLeft > 0) {
      failuresLeft--;
      console.log(JSON.stringify({ refused: requests }));
      res.writeHead(503, { "Retry-After": "0" });
      res.end();
      return;
    }
    let body = Buffer.concat(chunks);
    if (req.headers["content-encoding"] === "gzip") body = zlib.gunzipSync(body);
    const json = (req.headers["content-type"] || "").includes("json");
    let request;
    if (json) {
      request = JSON.parse(body.toString("utf8"));
    } else {
      request = Request.toObject(Request.decode(body), { longs: String });
    }
    for (const rl of request.resourceLogs || []) {
      const resource = Object.fromEntries(
        (rl.resource?.attributes || []).map((a) => [a.key, value(a.value)]));
      for (const sl of rl.scopeLogs || []) {
        for (const log of sl.logRecords || []) {
          console.log(JSON.stringify({
            encoding: json ? "json" : "protobuf",
            path: req.url,
            authorization: req.headers["authorization"] || "",
            service: resource["service.name"],
            scope: sl.scope?.name,
            eventName: log.eventName,
            severityNumber: log.severityNumber,
            timeUnixNano: String(log.timeUnixNano),
            traceId: json ? log.traceId || "" : hex(log.traceId),
            spanId: json ? log.spanId || "" : hex(log.spanId),
            attributes: Object.fromEntries(
              (log.attributes || []).map((a) => [a.key, value(a.value)])),
          }));
        }
      }
    }
    res.writeHead(200, { "Content-Type": json ? "application/json" : "application/x-protobuf" });
    res.end(json ? "{}" : "");
  });
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${server.address().port}`);
});
