// Invariant checks for the fuzz targets. Not assert(): they must hold in every
// build type, and a broken one must stop libFuzzer (abort = a crash it saves)
// and fail the CTest replay.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace chibo::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* cond, std::string_view why) {
  std::fprintf(stderr, "\nfuzz invariant broken at %s:%d: %s\n  %.*s\n", file, line, cond,
               static_cast<int>(why.size()), why.data());
  std::abort();
}

}  // namespace chibo::fuzz

// FUZZ_CHECK(cond, why): `why` is anything convertible to std::string_view,
// evaluated only when `cond` is false.
#define FUZZ_CHECK(cond, why)                                         \
  do {                                                                \
    if (!(cond)) ::chibo::fuzz::fail(__FILE__, __LINE__, #cond, why); \
  } while (0)
