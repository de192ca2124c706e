// The ceiling of HTTP on this machine, for bench/scenarios.sh: the daemon's
// own Beast server (same threads, limits and keep-alive) with a handler that
// reads the body and answers 202 without parsing, queueing or evaluating.
//   trivial_server [THREADS]   -> prints "listening on 127.0.0.1:PORT"
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "daemon/server/http_server.h"

int main(int argc, char** argv) {
  namespace d = micrometrics::daemon;
  const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  boost::asio::io_context ioc(threads);
  d::HttpServer server(ioc, d::HttpLimits{}, [](d::HttpRequest&& req) {
    d::HttpResponse res{d::http::status::accepted, req.version()};
    res.set(d::http::field::content_type, "application/json");
    res.body() = R"({"accepted":1,"rejected":0,"errors":[]})";
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    return res;
  });
  server.Listen("127.0.0.1", 0);
  std::printf("listening on 127.0.0.1:%u\n", server.port());
  std::fflush(stdout);
  boost::asio::signal_set signals(ioc, SIGTERM, SIGINT);
  signals.async_wait([&](auto, int) { ioc.stop(); });
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}
