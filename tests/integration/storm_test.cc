// A connection storm against the real binary: one local client reconnects
// in a loop and leaks its connections (what a buggy HTTP pool does). The
// slots it holds are shed for well-behaved clients, and the probes on the
// metrics listener never notice.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <string>
#include <thread>

#include "tests/support/http_client.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

TEST(Storm, AReconnectLoopIsShedBeforeWellBehavedClientsAndProbesStayGreen) {
  const int metrics_port = FreePort();
  DaemonProcess daemon(
      "server: {max_connections: 64, metrics_listen: "
      "127.0.0.1:" +
      std::to_string(metrics_port) +
      "}\nmetrics: [{name: e, type: empty_output}]\n");
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> opened{0};
  // Holds up to 256 connections (four times the limit), opening new ones
  // as fast as it can and dropping its oldest.
  std::thread storm([&] {
    std::deque<int> held;
    while (!stop) {
      const int fd = Connect(daemon.port());
      if (fd >= 0) {
        held.push_back(fd);
        ++opened;
      }
      if (held.size() > 256) {
        ::close(held.front());
        held.pop_front();
      }
    }
    for (int fd : held) ::close(fd);
  });
  while (opened < 512) std::this_thread::yield();

  int accepted = 0;
  int probes_ok = 0;
  constexpr int kRequests = 300;
  for (int i = 0; i < kRequests; ++i) {
    try {
      if (PostJson(daemon.port(), "/v1/events", R"({"output":"x"})").status ==
          202) {
        ++accepted;
      }
    } catch (const std::exception&) {
    }
    if (HttpCall(metrics_port, "GET", "/healthz").status == 200 &&
        HttpCall(metrics_port, "GET", "/readyz").status == 200) {
      ++probes_ok;
    }
  }
  stop = true;
  storm.join();
  RecordProperty("accepted", accepted);
  RecordProperty("storm_connections", static_cast<int>(opened.load()));
  std::printf(
      "storm: %d of %d requests accepted while a loop opened %llu "
      "connections; probes %d of %d\n",
      accepted, kRequests, static_cast<unsigned long long>(opened.load()),
      probes_ok, kRequests);
  EXPECT_GE(accepted, kRequests * 99 / 100);
  EXPECT_EQ(probes_ok, kRequests) << "the metrics listener has its own slots";
  EXPECT_GT(daemon
                .Sample("micrometrics_http_connections_closed_total{"
                        "listener=\"main\",reason=\"shed\"}")
                .value_or(0),
            0);
  EXPECT_TRUE(
      daemon.WaitForSample("micrometrics_events_processed_total", accepted));
}

}  // namespace
}  // namespace micrometrics::testing
