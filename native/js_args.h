// Bad arguments become JS exceptions, the same way in every entry point.
#pragma once
#include <napi.h>

#include <string>

#include "thread_pool.h"

namespace weightinit {

[[noreturn]] inline void throwType(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, "weightinit native: " + message);
}

[[noreturn]] inline void throwRange(Napi::Env env, const std::string& message) {
  throw Napi::RangeError::New(env, "weightinit native: " + message);
}

inline unsigned parseThreads(const Napi::Value& v, const std::string& argument) {
  if (!v.IsNumber()) throwType(v.Env(), argument + " must be a number");
  const double t = v.As<Napi::Number>().DoubleValue();
  if (!(t >= 1 && t <= kMaxThreads) || t != static_cast<double>(static_cast<unsigned>(t))) {
    throwRange(v.Env(), argument + " must be an integer from 1 to " + std::to_string(kMaxThreads));
  }
  return static_cast<unsigned>(t);
}

}  // namespace weightinit
