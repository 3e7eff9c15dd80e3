// Wire and database spellings of the domain's enums: one constexpr table per
// enum, looked up both ways (types.cpp, rules.cpp, ballot_rules.cpp).
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace chibo::domain::names {

template <class E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

// "?" for a value missing from its table (a bug: every value has a spelling).
template <class E, std::size_t N>
constexpr std::string_view name_of(const Names<E, N>& names, E value) {
  for (const auto& [v, s] : names)
    if (v == value) return s;
  return "?";
}

template <class E, std::size_t N>
constexpr std::optional<E> value_of(const Names<E, N>& names, std::string_view s) {
  for (const auto& [v, n] : names)
    if (n == s) return v;
  return std::nullopt;
}

}  // namespace chibo::domain::names
