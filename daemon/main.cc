// micrometricsd: the sidecar daemon and its command line (PRODUCT.md
// "Command line"). Exit codes: 0 success, 1 a check failed, 2 usage or
// config error.
#include <malloc.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <optional>

#include "config/config.h"
#include "config/grafana_dashboard.h"
#include "config/prometheus_rules.h"
#include "daemon/cli/judge_calibrate.h"
#include "daemon/cli/replay.h"
#include "daemon/cli/report.h"
#include "daemon/daemon.h"
#include "metrics/registry.h"

#ifndef MICROMETRICS_VERSION
#define MICROMETRICS_VERSION "dev"
#endif

namespace {

using micrometrics::config::Config;
using micrometrics::config::ConfigError;

constexpr int kExitUsage = 2;

Config LoadConfig(const std::string& path,
                  const micrometrics::metrics::EvaluatorRegistry& registry) {
  if (path.empty()) {
    return micrometrics::config::ParseConfig(
        micrometrics::config::DefaultConfigYaml(), "<default>", registry);
  }
  return micrometrics::config::LoadConfigFile(path, registry);
}

}  // namespace

int main(int argc, char** argv) {
  // CLD2 allocates and frees ~100 KB of scanner buffers per detection. With
  // glibc's default trim threshold every free gives the top of the worker's
  // heap back (madvise), and the TLB shootdowns cost half of the evaluation
  // time on 2 cores (docs/PERFORMANCE.md). Keep up to 4 MiB per arena.
  mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
  // Setting the trim threshold turns off glibc's adaptive mmap threshold, so
  // every request body over 128 KB (a batch of 100 events) was mmapped and
  // unmapped, page faults included. Serve those from the heap too.
  mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
  CLI::App app{"micrometricsd: micro metrics for LLM services, as a sidecar"};
  app.set_version_flag("--version", "micrometricsd " MICROMETRICS_VERSION);
  app.require_subcommand(0, 1);

  std::string config_path;
  std::string listen;
  std::string log_level = "info";
  bool print_default = false;
  bool insecure_listen_any = false;

  auto* serve = app.add_subcommand("serve", "Run the daemon (the default)");
  for (CLI::App* a : {&app, serve}) {
    a->add_option("--config", config_path, "Config file (YAML)")
        ->check(CLI::ExistingFile);
    a->add_option("--listen", listen, "HOST:PORT, overrides server.listen");
    a->add_flag("--insecure-listen-any", insecure_listen_any,
                "Allow a non-loopback listen address without an ingest token");
    a->add_option("--log-level", log_level,
                  "trace, debug, info, warn, error or off")
        ->check(CLI::IsMember(
            {"trace", "debug", "info", "warn", "error", "critical", "off"}));
  }
  app.add_flag("--print-default-config", print_default,
               "Print the built-in default config and exit");

  auto* check = app.add_subcommand(
      "check-config", "Validate a config file; exit 0 if valid, 2 if not");
  std::string check_path;
  check->add_option("FILE", check_path, "Config file (YAML)")->required();

  auto* replay = app.add_subcommand(
      "replay",
      "Run the config's metrics over a JSONL file of events (gzip too, - for "
      "stdin) and report fail rates; exit 1 when a --fail-on gate fails");
  micrometrics::daemon::ReplayArgs replay_args;
  std::vector<std::string> fail_on;
  std::string compare;
  replay
      ->add_option("--config", replay_args.config_path,
                   "Config file (YAML); default: the built-in pack")
      ->check(CLI::ExistingFile);
  replay->add_option("--by", replay_args.options.by,
                     "Split results by this event field (repeatable)");
  replay->add_option("--compare", compare,
                     "FIELD=A,B: compare A (baseline) with B (candidate)");
  replay
      ->add_option("--confidence", replay_args.options.confidence,
                   "Confidence of intervals and verdicts (default 0.95)")
      ->check(CLI::Range(0.5, 0.9999));
  replay->add_option("--format", replay_args.format, "table, markdown or json")
      ->check(CLI::IsMember({"table", "markdown", "json"}));
  replay->add_option("--fail-on", fail_on,
                     "METRIC>RATE or 'regression'; exit 1 when it fails "
                     "(repeatable)");
  replay->add_option("--examples", replay_args.options.examples,
                     "Print up to N failing events per metric (redacted)");
  replay->add_option("--example-chars", replay_args.options.example_chars,
                     "Cut example texts to this many characters (300)");
  replay->add_flag("--strict", replay_args.strict,
                   "Stop at the first bad line (exit 2)");
  replay
      ->add_option("--workers", replay_args.workers,
                   "Worker threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  replay->add_option("FILE", replay_args.input, "JSONL events, or - for stdin")
      ->required();

  auto* calibrate = app.add_subcommand(
      "judge-calibrate",
      "Run a judge metric over a labelled JSONL file (events with \"label\": "
      "pass or fail) and print its agreement with people; exit 1 below "
      "--min-kappa");
  micrometrics::daemon::CalibrateArgs calibrate_args;
  calibrate
      ->add_option("--config", calibrate_args.config_path, "Config file (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  calibrate->add_option("--metric", calibrate_args.metric, "The judge metric")
      ->required();
  calibrate->add_option("--format", calibrate_args.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  calibrate
      ->add_option("--concurrency", calibrate_args.concurrency,
                   "Calls at a time (default: the metric's queue.concurrency)")
      ->check(CLI::Range(1, 256));
  calibrate->add_option("--min-kappa", calibrate_args.min_kappa,
                        "Exit 1 when Cohen's kappa is below this");
  calibrate->add_option("FILE", calibrate_args.input, "Labelled JSONL events")
      ->required();

  auto* report = app.add_subcommand(
      "report",
      "Which metrics need attention: reviews due, never failing, mostly "
      "skipped, noisy (docs/LIFECYCLE.md)");
  micrometrics::daemon::ReportArgs report_args;
  report->add_option("--config", report_args.config_path, "Config file (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  report->add_option("--url", report_args.url,
                     "A running daemon, e.g. http://127.0.0.1:9650");
  report->add_option("--replay", report_args.replay,
                     "Or count by replaying a JSONL file (- for stdin)");
  report->add_option("--token-file", report_args.token_file,
                     "Bearer token for the daemon");
  report->add_option("--format", report_args.format, "table, markdown or json")
      ->check(CLI::IsMember({"table", "markdown", "json"}));
  report->add_option("--today", report_args.options.today,
                     "The date to judge review dates by (default: today, UTC)");
  report->add_option("--min-events", report_args.options.min_events,
                     "Fewer evaluations say nothing (default 100)");
  report
      ->add_option("--noisy-rate", report_args.options.noisy_rate,
                   "Fail rate above which a metric is noise (default 0.2)")
      ->check(CLI::Range(0.0, 1.0));
  report->add_option("--due-within-days", report_args.options.due_within_days,
                     "Reviews due this soon are listed (default 30)");

  auto* export_cmd = app.add_subcommand(
      "export", "Write what the config implies for other tools");
  export_cmd->require_subcommand(1);
  auto* export_rules = export_cmd->add_subcommand(
      "prometheus-rules", "Prometheus recording and alerting rules (YAML)");
  auto* export_dashboard = export_cmd->add_subcommand(
      "grafana-dashboard", "A Grafana dashboard (JSON) for the config");
  std::string export_config;
  for (CLI::App* sub : {export_rules, export_dashboard}) {
    sub->add_option("--config", export_config, "Config file (YAML)")
        ->required()
        ->check(CLI::ExistingFile);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }

  auto logger = spdlog::stderr_logger_mt("micrometricsd");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  spdlog::set_level(spdlog::level::from_str(log_level));

  if (print_default) {
    std::cout << micrometrics::config::DefaultConfigYaml();
    return 0;
  }

  if (*report) {
    return micrometrics::daemon::RunReport(report_args, std::cout, std::cerr);
  }
  if (*calibrate) {
    return micrometrics::daemon::RunCalibrate(calibrate_args, std::cout,
                                              std::cerr);
  }

  if (*replay) {
    std::string error;
    for (const auto& text : fail_on) {
      auto gate = micrometrics::metrics::ParseReplayGate(text, &error);
      if (!gate) {
        std::cerr << error << "\n";
        return kExitUsage;
      }
      replay_args.options.gates.push_back(std::move(*gate));
    }
    if (!compare.empty()) {
      replay_args.options.compare =
          micrometrics::metrics::ParseReplayCompare(compare, &error);
      if (!replay_args.options.compare) {
        std::cerr << error << "\n";
        return kExitUsage;
      }
    }
    replay_args.progress = isatty(STDERR_FILENO) != 0;
    return micrometrics::daemon::RunReplay(replay_args, std::cout, std::cerr);
  }

  micrometrics::metrics::EvaluatorRegistry registry;
  micrometrics::metrics::RegisterBuiltinEvaluators(registry);

  if (*export_rules || *export_dashboard) {
    try {
      auto config =
          micrometrics::config::LoadConfigFile(export_config, registry);
      std::cout << (*export_rules
                        ? micrometrics::config::ExportPrometheusRules(config)
                        : micrometrics::config::ExportGrafanaDashboard(config));
      return 0;
    } catch (const ConfigError& e) {
      std::cerr << e.what() << "\n";
      return kExitUsage;
    }
  }

  if (*check) {
    try {
      Config config =
          micrometrics::config::LoadConfigFile(check_path, registry);
      std::cout << check_path << ": OK (" << config.metrics.size()
                << " metrics)\n";
      return 0;
    } catch (const ConfigError& e) {
      std::cerr << e.what() << "\n";
      return kExitUsage;
    }
  }

  std::optional<Config> config;
  try {
    config = LoadConfig(config_path, registry);
  } catch (const ConfigError& e) {
    spdlog::error("{}", e.what());
    return kExitUsage;
  }
  std::optional<micrometrics::config::ListenAddress> listen_flag;
  if (!listen.empty()) {
    listen_flag = micrometrics::config::ParseListenAddress(listen);
    if (!listen_flag) {
      spdlog::error("--listen: expected HOST:PORT, got '{}'", listen);
      return kExitUsage;
    }
  }
  // Flags win over the file, at start and at every reload.
  auto apply_flags = [listen_flag](Config& c) {
    if (listen_flag) c.server.listen = *listen_flag;
  };
  apply_flags(*config);
  // Without a token, anyone who reaches the port could feed the metrics
  // (and reload the config): stay on loopback unless told otherwise.
  if (config->server.auth_missing_for(config->server.listen) &&
      !insecure_listen_any) {
    spdlog::error(
        "refusing to listen on {} without server.auth.ingest_token_file: "
        "anyone who can reach it could send events and reload the config. "
        "Configure a token, listen on 127.0.0.1, or pass "
        "--insecure-listen-any",
        config->server.listen.ToString());
    return kExitUsage;
  }

  try {
    micrometrics::daemon::Daemon::BlockStopSignals();
    micrometrics::daemon::Daemon daemon(std::move(*config), apply_flags);
    return daemon.Run();
  } catch (const std::exception& e) {
    spdlog::error("cannot start: {}", e.what());
    return kExitUsage;
  }
}
