// Blocking wrappers over the store's asynchronous writes, for the command line
// and start-up (never on an I/O thread: they wait for the group commit).
#pragma once

#include <future>
#include <stdexcept>

#include "store/store.hpp"

namespace chibo::service {

// Runs one write and waits for its commit; throws store::Error on failure.
template <class T, class Submit>
T wait_for(Submit submit) {
  std::promise<std::pair<store::Status, T>> p;
  submit([&p](store::Status st, T v) { p.set_value({std::move(st), std::move(v)}); });
  auto [st, v] = p.get_future().get();
  if (!st) throw store::Error(st.message());
  return v;
}

template <class Submit>
void wait_for_void(Submit submit) {
  std::promise<store::Status> p;
  submit([&p](store::Status st) { p.set_value(std::move(st)); });
  auto st = p.get_future().get();
  if (!st) throw store::Error(st.message());
}

}  // namespace chibo::service
