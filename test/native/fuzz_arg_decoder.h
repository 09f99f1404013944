// Turns libFuzzer's bytes into the plain arguments a binding reads out of JS
// (native/request_checks.h). The typed arrays are honest, as JS ones are: a
// detached or empty one has no memory, any other exactly length elements of
// its own, so that AddressSanitizer reports any access past its end. Numbers
// are mostly small integers or values at a limit, otherwise any double's bits;
// strings mostly names the checks know.
#pragma once
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "../../native/request_checks.h"

namespace weightinit {

class ArgDecoder {
 public:
  ArgDecoder(const uint8_t* data, size_t size) : in_(data, size) {}

  bool flag() { return in_.ConsumeBool(); }

  template <class T>
  T pick(T lo, T hi) {
    return in_.ConsumeIntegralInRange<T>(lo, hi);
  }

  // An array of the given type and length, its elements from the input.
  ArrayArg array(ArrayType type, size_t length) {
    ArrayArg a;
    a.type = type;
    a.resizable = in_.ConsumeIntegralInRange(0, 7) == 0;
    if (type == ArrayType::NotTypedArray || length == 0) return a;
    const size_t bytes = length * elementBytes(type);
    memory_.emplace_back(new uint8_t[bytes]);
    const std::vector<uint8_t> given = in_.ConsumeBytes<uint8_t>(bytes);
    std::fill(std::copy(given.begin(), given.end(), memory_.back().get()), memory_.back().get() + bytes, 0);
    a.data = memory_.back().get();
    a.length = length;
    return a;
  }

  // An array of any type and of length up to maxLength; now and then detached.
  ArrayArg anyArray(size_t maxLength) {
    const auto type = static_cast<ArrayType>(in_.ConsumeIntegralInRange(0, static_cast<int>(ArrayType::Other)));
    return array(type, in_.ConsumeIntegralInRange(0, 15) == 0 ? 0 : in_.ConsumeIntegralInRange<size_t>(0, maxLength));
  }

  NumberArg number() {
    static constexpr double kLimits[] = {
        -0.0, 0.5, 1, 255, 256, 257, 4294967295.0, 4294967296.0, 9007199254740993.0, -1,
        __builtin_nan(""), __builtin_inf(), -__builtin_inf(), 1e300,
    };
    const int kind = in_.ConsumeIntegralInRange(0, 9);
    if (kind == 0) return std::nullopt;
    if (kind <= 5) return static_cast<double>(in_.ConsumeIntegralInRange(0, 70));
    if (kind <= 7) return kLimits[in_.ConsumeIntegralInRange<size_t>(0, std::size(kLimits) - 1)];
    const uint64_t bits = in_.ConsumeIntegral<uint64_t>();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }

  StringArg string(std::initializer_list<const char*> known) {
    const int kind = in_.ConsumeIntegralInRange(0, 7);
    if (kind == 0) return std::nullopt;
    if (kind == 1) return in_.ConsumeRandomLengthString(24);
    const size_t i = in_.ConsumeIntegralInRange<size_t>(0, known.size() - 1);
    return std::string(known.begin()[i]);
  }

 private:
  static size_t elementBytes(ArrayType type) {
    switch (type) {
      case ArrayType::Float64: return 8;
      case ArrayType::Uint32:
      case ArrayType::Float32: return 4;
      case ArrayType::Uint16: return 2;
      default: return 1;
    }
  }

  FuzzedDataProvider in_;
  std::vector<std::unique_ptr<uint8_t[]>> memory_;
};

}  // namespace weightinit
