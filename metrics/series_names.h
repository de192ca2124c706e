#pragma once

#include <string>
#include <string_view>

// Every Prometheus series the daemon exports, by name, type and help, in one
// place: the daemon writes them from here, and the Grafana dashboard and
// the Prometheus rules (config/) query them from here, so a renamed series
// cannot leave a dashboard panel or a rule behind. docs/API.md
// describes them for people (a test holds the two together). Value counters
// named in the config (e.g. micrometrics_cost_usd_total) are the metrics' own,
// not listed here.
namespace micrometrics::series {

/// One exported family.
struct Name {
  std::string_view name;
  std::string_view type;  ///< counter, gauge or histogram
  std::string_view help;

  std::string str() const { return std::string(name); }
};

// The micro metrics (the pipeline: daemon/exposition/series.cc).
inline constexpr Name kChecks{
    "micrometrics_checks_total", "counter",
    "Micro metric evaluations by metric and outcome (pass, fail, skipped, "
    "error)."};
inline constexpr Name kEvaluationDuration{
    "micrometrics_evaluation_duration_seconds", "histogram",
    "Time one micro metric took to evaluate one event."};
inline constexpr Name kCheckValue{
    "micrometrics_check_value", "histogram",
    "Verdict values (time to first token in ms, length, ...) by metric, for "
    "metrics with value_buckets or value_p95/value_p99 alert rules."};
inline constexpr Name kEventsProcessed{"micrometrics_events_processed_total",
                                       "counter",
                                       "Events evaluated by the worker pool."};
inline constexpr Name kMetricInfo{"micrometrics_metric_info", "gauge",
                                  "The configured micro metrics; value 1."};
inline constexpr Name kMetricReviewOverdue{
    "micrometrics_metric_review_overdue", "gauge",
    "1 once a metric's review_by date has passed: decide whether it still "
    "pays."};
/// The value counter most metrics of type `cost` sum into.
inline constexpr Name kCostUsd{
    "micrometrics_cost_usd_total", "counter",
    "Cost of the LLM calls in US dollars, from the cost metric's price "
    "table."};

// Label sets (daemon/exposition/label_sets.cc).
inline constexpr Name kLabelSets{
    "micrometrics_label_sets", "gauge",
    "Distinct label sets (combinations of label values) seen; at most "
    "label_limits.max_sets."};
inline constexpr Name kLabelSetOverflow{
    "micrometrics_label_set_overflow_total", "counter",
    "Events counted under the label set whose values are all __other__, "
    "because label_limits.max_sets was reached."};
inline constexpr Name kLabelOverflow{
    "micrometrics_label_overflow_total", "counter",
    "Label values counted under __other__ because the label reached "
    "label_limits.max_values."};
inline constexpr Name kGenAiDuration{"gen_ai_client_operation_duration_seconds",
                                     "histogram",
                                     "GenAI operation duration (OpenTelemetry "
                                     "gen_ai.client.operation.duration)."};
inline constexpr Name kGenAiTimeToFirstChunk{
    "gen_ai_client_operation_time_to_first_chunk_seconds", "histogram",
    "Time to the first chunk of a streamed answer "
    "(gen_ai.client.operation.time_to_first_chunk)."};
inline constexpr Name kGenAiTokenUsage{
    "gen_ai_client_token_usage", "histogram",
    "Tokens used per operation by gen_ai_token_type "
    "(gen_ai.client.token.usage)."};

// Ingest (daemon/server/).
inline constexpr Name kEventsReceived{
    "micrometrics_events_received_total", "counter",
    "Events received on the ingest API, valid or not."};
inline constexpr Name kEventsRejected{
    "micrometrics_events_rejected_total", "counter",
    "Events or request bodies turned away, by reason."};
inline constexpr Name kOtlpSpans{
    "micrometrics_otlp_spans_total", "counter",
    "OTLP spans received on /v1/traces: event (GenAI span turned into an "
    "event), ignored (no gen_ai attributes), rejected."};
inline constexpr Name kHttpRequests{
    "micrometrics_http_requests_total", "counter",
    "HTTP requests by handler and status code."};
inline constexpr Name kHttpRequestDuration{
    "micrometrics_http_request_duration_seconds", "histogram",
    "Time from a complete request to its answer, network excluded, by "
    "handler."};
inline constexpr Name kHttpConnections{"micrometrics_http_connections", "gauge",
                                       "Open HTTP connections by listener."};
inline constexpr Name kHttpConnectionsClosed{
    "micrometrics_http_connections_closed_total", "counter",
    "Connections the daemon closed: limit (over server.max_connections, "
    "all in a request), shed (waiting without a request, closed for a new "
    "connection at the limit), idle_timeout (keep-alive without a request), "
    "read_timeout (a request not read in time)."};

// The queue and the workers (daemon/pipeline/).
inline constexpr Name kQueueDepth{"micrometrics_queue_depth", "gauge",
                                  "Events waiting for a worker."};
inline constexpr Name kQueueBytes{"micrometrics_queue_bytes", "gauge",
                                  "Approximate memory held by queued events."};
inline constexpr Name kQueueCapacity{"micrometrics_queue_capacity", "gauge",
                                     "Events the queue holds at most."};
inline constexpr Name kWorkers{"micrometrics_workers", "gauge",
                               "Worker threads evaluating events."};

// Feedback (daemon/pipeline/feedback.cc).
inline constexpr Name kFeedback{
    "micrometrics_feedback_total", "counter",
    "User feedback and outcomes by kind, under the labels of the event they "
    "are about."};
inline constexpr Name kFeedbackUnmatched{
    "micrometrics_feedback_unmatched_total", "counter",
    "Feedback whose event or conversation was unknown or expired."};
inline constexpr Name kFeedbackJoinEvictions{
    "micrometrics_feedback_join_evictions_total", "counter",
    "Remembered events dropped to stay within feedback.max_entries."};

// Failing examples (daemon/pipeline/metric_book.cc).
inline constexpr Name kExamplesFileWrites{
    "micrometrics_examples_file_writes_total", "counter",
    "Writes of examples.file (the kept failing examples), by result "
    "(written, failed)."};

// LLM judges (daemon/judge/).
inline constexpr Name kJudgeEvents{
    "micrometrics_judge_events_total", "counter",
    "Events a judge metric selected, by metric and decision (sampled, "
    "stratum_minimum, not_sampled, not_flagged, cached, no_reply)."};
inline constexpr Name kJudgeDropped{
    "micrometrics_judge_dropped_total", "counter",
    "Sampled events a judge did not ask about, by metric and reason "
    "(queue_full, budget, breaker_open, shutdown)."};
inline constexpr Name kJudgeRequests{
    "micrometrics_judge_requests_total", "counter",
    "Calls to a judge's endpoint by metric and result (answered, "
    "unparsed, rejected: a 4xx, failed: 429/5xx/timeouts after the "
    "retries, retried: each retry)."};
inline constexpr Name kJudgeRequestDuration{
    "micrometrics_judge_request_duration_seconds", "histogram",
    "Time from sending an event to a judge to its verdict, retries "
    "included, by metric."};
inline constexpr Name kJudgeTokens{
    "micrometrics_judge_tokens_total", "counter",
    "Tokens the judge's endpoint reported, by metric and type (input, "
    "output)."};
inline constexpr Name kJudgeCost{
    "micrometrics_judge_cost_usd_total", "counter",
    "What the judge's calls cost at its budget.prices, by metric."};
inline constexpr Name kJudgeQueueDepth{
    "micrometrics_judge_queue_depth", "gauge",
    "Events waiting for a judge, by metric (in flight not included)."};
inline constexpr Name kJudgeInFlight{
    "micrometrics_judge_in_flight", "gauge",
    "Calls to a judge's endpoint under way, by metric."};
inline constexpr Name kJudgeCacheEntries{
    "micrometrics_judge_cache_entries", "gauge",
    "Answers a judge keeps for repeated texts, by metric."};
inline constexpr Name kJudgeBreakerState{
    "micrometrics_judge_breaker_state", "gauge",
    "A judge's circuit breaker by metric: 0 closed, 1 open, 2 half-open."};

inline constexpr Name kJudgeAgreement{
    "micrometrics_judge_agreement_total", "counter",
    "Events both a judge and a person labelled (POST /v1/feedback), by "
    "metric, the judge's verdict, the person's label and the configured "
    "labels."};

// Evaluation results over OTLP (daemon/otlp/evaluation_results.cc).
inline constexpr Name kEvaluationResults{
    "micrometrics_evaluation_results_total", "counter",
    "gen_ai.evaluation.result log records by what became of them (sent, "
    "dropped: the queue was full, failed: refused or given up)."};
inline constexpr Name kEvaluationResultsQueued{
    "micrometrics_evaluation_results_queued", "gauge",
    "Evaluation results waiting to be sent."};

// Alerting (daemon/alerting/).
inline constexpr Name kAlertState{
    "micrometrics_alert_state", "gauge",
    "Alert groups by rule and state (inactive, pending, firing)."};
inline constexpr Name kAlerts{
    "micrometrics_alerts", "gauge",
    "Pending and firing alerts, one series each, like Prometheus's ALERTS."};
inline constexpr Name kNotifications{
    "micrometrics_notifications_total", "counter",
    "Alert notifications by notifier and result (sent, retried, rejected, "
    "gave_up, dropped)."};
inline constexpr Name kNotificationsQueued{
    "micrometrics_notifications_queued", "gauge",
    "Alert notifications waiting for delivery by notifier (the outbox and "
    "the POST being tried)."};
inline constexpr Name kAlertGroupsRejected{
    "micrometrics_alert_groups_rejected_total", "counter",
    "Groups an alert rule turned away at max_groups."};
inline constexpr Name kAlertLabelFirstSeen{
    "micrometrics_alert_label_first_seen_timestamp_seconds", "gauge",
    "When each group of a `baseline: {label: ...}` alert rule first saw each "
    "value of the label (its last 4), so that Prometheus finds the newest "
    "value and the one before it across sidecars."};
inline constexpr Name kAlertStateWrites{
    "micrometrics_alert_state_writes_total", "counter",
    "Writes of alerting.state_file by result (success, failure)."};

// Config reloads (daemon/daemon.cc).
inline constexpr Name kConfigLastReloadSuccessful{
    "micrometrics_config_last_reload_successful", "gauge",
    "1 if the last config load or reload succeeded."};
inline constexpr Name kConfigLastReloadSuccessTimestamp{
    "micrometrics_config_last_reload_success_timestamp_seconds", "gauge",
    "When the config was last loaded successfully (Unix time)."};
inline constexpr Name kConfigReloads{
    "micrometrics_config_reloads_total", "counter",
    "Config reloads (SIGHUP, POST /-/reload) by result."};

// The process (daemon/exposition/process_metrics.cc).
inline constexpr Name kBuildInfo{"micrometrics_build_info", "gauge",
                                 "Build information; value 1."};
inline constexpr Name kProcessCpu{
    "process_cpu_seconds_total", "counter",
    "User and system CPU time spent, in seconds."};
inline constexpr Name kProcessVirtualMemory{
    "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes."};
inline constexpr Name kProcessResidentMemory{
    "process_resident_memory_bytes", "gauge", "Resident memory size in bytes."};
inline constexpr Name kProcessStartTime{
    "process_start_time_seconds", "gauge",
    "Start time of the process since the epoch, in seconds."};
inline constexpr Name kProcessOpenFds{"process_open_fds", "gauge",
                                      "Open file descriptors."};
inline constexpr Name kProcessMaxFds{
    "process_max_fds", "gauge", "Maximum number of open file descriptors."};

/// Every family above, for the docs test and the exposition's own checks.
inline constexpr const Name* kAll[] = {
    &kChecks,
    &kCheckValue,
    &kEvaluationDuration,
    &kEventsProcessed,
    &kMetricInfo,
    &kMetricReviewOverdue,
    &kLabelSets,
    &kLabelSetOverflow,
    &kLabelOverflow,
    &kGenAiDuration,
    &kGenAiTimeToFirstChunk,
    &kGenAiTokenUsage,
    &kEventsReceived,
    &kEventsRejected,
    &kOtlpSpans,
    &kHttpRequests,
    &kHttpRequestDuration,
    &kHttpConnections,
    &kHttpConnectionsClosed,
    &kQueueDepth,
    &kQueueBytes,
    &kQueueCapacity,
    &kWorkers,
    &kFeedback,
    &kFeedbackUnmatched,
    &kFeedbackJoinEvictions,
    &kExamplesFileWrites,
    &kJudgeEvents,
    &kJudgeDropped,
    &kJudgeRequests,
    &kJudgeRequestDuration,
    &kJudgeTokens,
    &kJudgeCost,
    &kJudgeQueueDepth,
    &kJudgeInFlight,
    &kJudgeCacheEntries,
    &kJudgeBreakerState,
    &kJudgeAgreement,
    &kEvaluationResults,
    &kEvaluationResultsQueued,
    &kAlertState,
    &kAlerts,
    &kNotifications,
    &kNotificationsQueued,
    &kAlertGroupsRejected,
    &kAlertLabelFirstSeen,
    &kAlertStateWrites,
    &kConfigLastReloadSuccessful,
    &kConfigLastReloadSuccessTimestamp,
    &kConfigReloads,
    &kBuildInfo,
    &kProcessCpu,
    &kProcessVirtualMemory,
    &kProcessResidentMemory,
    &kProcessStartTime,
    &kProcessOpenFds,
    &kProcessMaxFds,
};

/// The kinds of POST /v1/feedback, the `kind` label of kFeedback.
inline constexpr std::string_view kFeedbackKinds[] = {
    "thumbs_up", "thumbs_down", "escalated", "resolved", "regenerated"};
/// "thumbs_up, thumbs_down, ..." for error messages.
inline constexpr std::string_view kFeedbackKindList =
    "thumbs_up, thumbs_down, escalated, resolved, regenerated";
inline bool IsFeedbackKind(std::string_view kind) {
  for (std::string_view k : kFeedbackKinds) {
    if (k == kind) return true;
  }
  return false;
}

/// The prefix of alert rules on feedback: `metric: feedback:KIND`.
inline constexpr std::string_view kFeedbackRulePrefix = "feedback:";

/// True when an alert rule's `metric` is `feedback:KIND` (any KIND).
inline bool IsFeedbackRule(std::string_view metric) {
  return metric.starts_with(kFeedbackRulePrefix);
}
/// KIND of a `feedback:KIND` rule metric, or empty when `metric` names a
/// micro metric.
inline std::string_view FeedbackKind(std::string_view metric) {
  return IsFeedbackRule(metric) ? metric.substr(kFeedbackRulePrefix.size())
                                : std::string_view();
}

}  // namespace micrometrics::series
