// Enum ↔ name tables for link's enums: names[i] is the text of the enum
// value i (enumerators are dense from 0).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "nhood/base/result.h"

namespace nhood::link::internal {

template <typename E, size_t N>
std::string_view EnumName(E value, const std::array<std::string_view, N>& names) {
  const size_t i = static_cast<size_t>(value);
  return i < N ? names[i] : std::string_view("unknown");
}

// kInvalidArgument naming `field`, listing the allowed names.
template <typename E, size_t N>
Result<E> ParseEnum(std::string_view text, const std::array<std::string_view, N>& names,
                    std::string_view field) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  std::string allowed;
  for (size_t i = 0; i < N; ++i) {
    if (i) allowed += ", ";
    allowed += names[i];
  }
  return InvalidField(std::string(field), std::string(field) + ": '" + std::string(text) +
                                              "' is not one of " + allowed);
}

}  // namespace nhood::link::internal
