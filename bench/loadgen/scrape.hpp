// The server's own view of its latencies, beside the generator's: GET
// /metrics and read chibo_op_latency_seconds (request read → reply queued,
// per op members send at once). The generator shares the server's cores, so
// its command→reply figures include its own lag; the two side by side say
// which of them a latency belongs to (bench/README.md).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/json/object.hpp>

#include <string>

namespace chibo::loadgen {

// The body of GET `target`, or "" when the server does not answer 200.
std::string http_get(const boost::asio::ip::tcp::endpoint& server, const std::string& target);

// Adds "server.<op>.p50_ms", "server.<op>.p99_ms" and "server.<op>.n" for
// every op with samples in a /metrics body.
void add_server_latencies(const std::string& metrics, boost::json::object& figures);

}  // namespace chibo::loadgen
