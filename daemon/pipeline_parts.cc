#include "daemon/pipeline_parts.h"

#include <string>
#include <vector>

#include "daemon/alerting/alerts.h"
#include "daemon/exposition/series.h"
#include "daemon/judge/judges.h"
#include "daemon/pipeline/feedback.h"
#include "daemon/pipeline/metric_book.h"

namespace micrometrics::daemon {
namespace {

using metrics::EventContext;
using metrics::Verdict;

const std::vector<std::string>& LabelsOf(const EventContext& event) {
  static const std::vector<std::string> kNone;
  return event.labels ? *event.labels : kNone;
}

class SeriesPart final : public metrics::VerdictSink {
 public:
  explicit SeriesPart(Series& series) : recorder_(series) {}
  void BeginEvent(EventContext& event) override {
    recorder_.BeginEvent(*event.event, event.late);
    event.labels = &recorder_.label_values();
  }
  void Record(size_t metric, const Verdict& verdict, double seconds,
              const EventContext&) override {
    recorder_.RecordCheck(metric, verdict, seconds);
  }
  void EndEvent(const EventContext& event) override {
    if (!event.late) recorder_.EndEvent(*event.event);
  }

 private:
  Series::Recorder recorder_;
};

class AlertPart final : public metrics::VerdictSink {
 public:
  explicit AlertPart(Alerts& alerts) : alerts_(alerts) {}
  void Record(size_t metric, const Verdict& verdict, double,
              const EventContext& event) override {
    alerts_.Observe(metric, *event.event, verdict, event.now);
  }

 private:
  Alerts& alerts_;
};

class BookPart final : public metrics::VerdictSink {
 public:
  explicit BookPart(MetricBook& book) : tally_(book) {}
  void Record(size_t metric, const Verdict& verdict, double,
              const EventContext& event) override {
    tally_.Record(metric, *event.event, verdict, LabelsOf(event), event.now);
  }
  void Flush(std::chrono::system_clock::time_point now) override {
    tally_.Flush(now);
  }

 private:
  MetricBook::Tally tally_;
};

class FeedbackPart final : public metrics::VerdictSink {
 public:
  explicit FeedbackPart(FeedbackLabels& feedback) : feedback_(feedback) {}
  void Record(size_t, const Verdict&, double, const EventContext&) override {}
  void EndEvent(const EventContext& event) override {
    if (!event.late) feedback_.Remember(*event.event, LabelsOf(event));
  }

 private:
  FeedbackLabels& feedback_;
};

class JudgePart final : public metrics::VerdictSink {
 public:
  explicit JudgePart(Judges& judges) : judges_(judges) {}
  void Record(size_t, const Verdict&, double, const EventContext&) override {}
  void Defer(size_t metric, const EventContext& event) override {
    judges_.Offer(metric, *event.event, event.now, event.failed);
  }

 private:
  Judges& judges_;
};

}  // namespace

metrics::Pipeline MakeDaemonPipeline(
    Series& series, Alerts* alerts, MetricBook* book, FeedbackLabels* feedback,
    Judges* judges, std::unique_ptr<metrics::VerdictSink> evaluation) {
  metrics::Pipeline pipeline;
  pipeline.Add(std::make_unique<SeriesPart>(series));
  if (alerts) pipeline.Add(std::make_unique<AlertPart>(*alerts));
  if (book) pipeline.Add(std::make_unique<BookPart>(*book));
  if (feedback) pipeline.Add(std::make_unique<FeedbackPart>(*feedback));
  if (judges) pipeline.Add(std::make_unique<JudgePart>(*judges));
  if (evaluation) pipeline.Add(std::move(evaluation));
  return pipeline;
}

}  // namespace micrometrics::daemon
