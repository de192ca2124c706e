#include "daemon/pipeline/event_queue.h"

#include <algorithm>
#include <chrono>

namespace micrometrics::daemon {

size_t ApproximateBytes(const metrics::Event& e) {
  size_t n = sizeof(metrics::Event) + e.id.size() + e.conversation_id.size() +
             e.model.size() + e.provider.size() + e.prompt_version.size() +
             e.route.size() + e.tenant.size() + e.locale.size() +
             e.channel.size() + e.finish_reason.size() + e.status.size() +
             e.error_type.size();
  if (e.input) n += e.input->size();
  if (e.output) n += e.output->size();
  for (const auto& m : e.messages) {
    n += sizeof(m) + m.role.size() + m.content.size();
  }
  for (const auto& [k, v] : e.attributes) n += 64 + k.size() + v.size();
  return n;
}

EventQueue::EventQueue(size_t capacity, size_t max_bytes, ByteBudget* budget)
    : capacity_(capacity),
      max_bytes_(budget ? std::min<size_t>(max_bytes, budget->limit())
                        : max_bytes),
      budget_(budget) {}

EventQueue::PushResult EventQueue::TryPushBatch(
    std::vector<metrics::Event>& events) {
  std::vector<size_t> sizes;
  sizes.reserve(events.size());
  size_t batch_bytes = 0;
  for (const auto& e : events) {
    sizes.push_back(ApproximateBytes(e));
    batch_bytes += sizes.back();
  }
  if (events.size() > capacity_ || batch_bytes > max_bytes_) {
    return PushResult::kTooLarge;
  }
  {
    std::lock_guard lock(mu_);
    if (closed_) return PushResult::kClosed;
    if (events_.size() + events.size() > capacity_ ||
        bytes_ + batch_bytes > max_bytes_) {
      return PushResult::kFull;
    }
    if (budget_ && !budget_->TryReserve(batch_bytes)) return PushResult::kFull;
    for (size_t i = 0; i < events.size(); ++i) {
      events_.push_back(std::move(events[i]));
      sizes_.push_back(sizes[i]);
    }
    bytes_ += batch_bytes;
  }
  if (events.size() == 1) {
    not_empty_.notify_one();
  } else {
    not_empty_.notify_all();
  }
  return PushResult::kOk;
}

EventQueue::PushResult EventQueue::PushBatch(
    std::vector<metrics::Event>& events) {
  size_t batch_bytes = 0;
  for (const auto& e : events) batch_bytes += ApproximateBytes(e);
  for (;;) {
    PushResult r = TryPushBatch(events);
    if (r != PushResult::kFull) return r;
    std::unique_lock lock(mu_);
    ++push_waiters_;
    // Bodies being read release budget without waking this: look again
    // every 100 ms.
    not_full_.wait_for(lock, std::chrono::milliseconds(100), [&] {
      return closed_ ||
             (events_.size() + events.size() <= capacity_ &&
              bytes_ + batch_bytes <= max_bytes_ &&
              (!budget_ || budget_->used() + batch_bytes <= budget_->limit()));
    });
    --push_waiters_;
  }
}

bool EventQueue::PopBatch(std::vector<metrics::Event>& out, size_t max) {
  out.clear();
  std::unique_lock lock(mu_);
  not_empty_.wait(lock, [this] { return closed_ || !events_.empty(); });
  if (events_.empty()) return false;  // closed and drained
  while (!events_.empty() && out.size() < max) {
    out.push_back(std::move(events_.front()));
    events_.pop_front();
    bytes_ -= sizes_.front();
    if (budget_) budget_->Release(sizes_.front());
    sizes_.pop_front();
  }
  if (push_waiters_ > 0) not_full_.notify_all();
  return true;
}

void EventQueue::Close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  not_empty_.notify_all();
  not_full_.notify_all();
}

size_t EventQueue::size() const {
  std::lock_guard lock(mu_);
  return events_.size();
}

size_t EventQueue::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

void EventQueue::Collect(TextWriter& out) const {
  size_t depth = 0;
  size_t bytes = 0;
  {
    std::lock_guard lock(mu_);
    depth = events_.size();
    bytes = bytes_;
  }
  WriteSingle(out, series::kQueueDepth, static_cast<double>(depth));
  WriteSingle(out, series::kQueueBytes, static_cast<double>(bytes));
  WriteSingle(out, series::kQueueCapacity, static_cast<double>(capacity_));
}

}  // namespace micrometrics::daemon
