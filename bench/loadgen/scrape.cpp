#include "scrape.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <map>
#include <sstream>

namespace chibo::loadgen {
namespace asio = boost::asio;
namespace http = boost::beast::http;

std::string http_get(const asio::ip::tcp::endpoint& server, const std::string& target) {
  try {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect(server);
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, server.address().to_string());
    req.set(http::field::connection, "close");
    http::write(socket, req);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(socket, buffer, res);
    return res.result() == http::status::ok ? res.body() : std::string();
  } catch (const std::exception&) {
    return {};
  }
}

void add_server_latencies(const std::string& metrics, boost::json::object& figures) {
  // Lines like: chibo_op_latency_seconds{op="vote.cast",quantile="0.99"} 0.0123
  //             chibo_op_latency_seconds_count{op="vote.cast"} 1997
  std::map<std::string, std::map<std::string, double>> by_op;
  std::istringstream in(metrics);
  std::string line;
  const std::string family = "chibo_op_latency_seconds";
  while (std::getline(in, line)) {
    if (line.rfind(family, 0) != 0) continue;
    const auto op_at = line.find("op=\"");
    const auto space = line.rfind(' ');
    if (op_at == std::string::npos || space == std::string::npos) continue;
    const auto op_end = line.find('"', op_at + 4);
    const std::string op = line.substr(op_at + 4, op_end - op_at - 4);
    const double v = std::stod(line.substr(space + 1));
    if (line.find("quantile=\"0.5\"") != std::string::npos) by_op[op]["p50_ms"] = v * 1e3;
    else if (line.find("quantile=\"0.99\"") != std::string::npos) by_op[op]["p99_ms"] = v * 1e3;
    else if (line.rfind(family + "_count", 0) == 0) by_op[op]["n"] = v;
  }
  for (const auto& [op, f] : by_op) {
    if (!f.contains("n") || f.at("n") == 0) continue;
    for (const auto& [k, v] : f) figures["server." + op + "." + k] = v;
  }
}

}  // namespace chibo::loadgen
