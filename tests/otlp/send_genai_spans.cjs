// Sends OpenTelemetry GenAI spans to micrometricsd with the real
// OpenTelemetry JavaScript SDK and OTLP/HTTP exporter, as a service would.
//   node tests/otlp/send_genai_spans.cjs PORT json|proto MODULES_DIR
// MODULES_DIR holds the npm packages (scripts/fetch_otel_js.sh).
const [, , port, format, modulesDir] = process.argv;
const path = require("path");
const need = (name) =>
  require(path.join(path.resolve(modulesDir), "node_modules", name));
const { BasicTracerProvider, SimpleSpanProcessor } =
  need("@opentelemetry/sdk-trace-base");
const { resourceFromAttributes } = need("@opentelemetry/resources");
const { SpanStatusCode } = need("@opentelemetry/api");
const { OTLPTraceExporter } = need(
  format === "proto"
    ? "@opentelemetry/exporter-trace-otlp-proto"
    : "@opentelemetry/exporter-trace-otlp-http");

let truncated = null;
async function main() {
  const exporter = new OTLPTraceExporter({
    url: `http://127.0.0.1:${port}/v1/traces`,
  });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      "service.name": "billing",
      "app.prompt_version": "support-v42",
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("support-bot", "1.0.0");
  const start = Date.now();
  // Three chat calls; the second was cut off by the token limit, the third
  // failed. And one span that is not a GenAI span.
  const calls = [
    { finish: "stop", output: "Sie können Ihr Abo in den Einstellungen kündigen." },
    { finish: "length", output: "Die Kündigung ist" },
    { error: true },
  ];
  calls.forEach((call, i) => {
    const span = tracer.startSpan("chat gpt-4o-mini", {
      startTime: start + i * 10,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.conversation.id": "conv-77",
      },
    });
    if (call.error) {
      span.setAttribute("error.type", "rate_limit_exceeded");
      span.setStatus({ code: SpanStatusCode.ERROR, message: "429" });
    } else {
      span.setAttributes({
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "gen_ai.response.id": `chatcmpl-${i}`,
        "gen_ai.response.finish_reasons": [call.finish],
        "gen_ai.usage.input_tokens": 812,
        "gen_ai.usage.output_tokens": 96,
        "gen_ai.input.messages": JSON.stringify([
          { role: "user", parts: [{ type: "text", content: "Wie kündige ich mein Abo?" }] }]),
        "gen_ai.output.messages": JSON.stringify([
          { role: "assistant", parts: [{ type: "text", content: call.output }],
            finish_reason: call.finish }]),
      });
    }
    if (call.finish === "length") truncated = span.spanContext();
    span.end(start + i * 10 + 1500);
  });
  tracer.startSpan("GET /healthz").end();
  await provider.forceFlush();
  await provider.shutdown();
}

main().then(() => console.log(`sent; truncated: trace_id=${truncated.traceId} span_id=${truncated.spanId}`), (e) => {
  console.error(e);
  process.exit(1);
});
