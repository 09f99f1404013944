// The JavaScript side of every entry point's checks: reading the arguments
// into the plain values request_checks.h judges, and turning its refusals and
// the failures of guarded_run.h into JS exceptions, the same way everywhere.
#pragma once
#include <napi.h>

#include <new>
#include <stdexcept>
#include <string>

#include "guarded_run.h"
#include "request_checks.h"

namespace weightinit {

// Looks up what arrayArg needs from the JS engine into addonState(env); once
// per environment, at load.
void prepareArrayArgs(Napi::Env env);

// Reads no JS property, so it runs no user code. For the Async form it also
// finds out whether the array's buffer is resizable.
ArrayArg arrayArg(const Napi::Value& v, Form form);

inline NumberArg numberArg(const Napi::Value& v) {
  return v.IsNumber() ? NumberArg(v.As<Napi::Number>().DoubleValue()) : std::nullopt;
}

inline StringArg stringArg(const Napi::Value& v) {
  return v.IsString() ? StringArg(v.As<Napi::String>().Utf8Value()) : std::nullopt;
}

[[noreturn]] inline void throwType(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, "weightinit native: " + message);
}

Napi::Error jsError(Napi::Env env, const RequestError& refusal);
Napi::Error jsError(Napi::Env env, const Failure& failure);

// An entry point whose C++ exceptions all reach JS as exceptions: a request
// that request_checks.h refused as a TypeError or RangeError, memory running
// out while the arguments were read as a RangeError.
template <Napi::Value (*Entry)(const Napi::CallbackInfo&)>
Napi::Value guardedEntry(const Napi::CallbackInfo& info) {
  try {
    return Entry(info);
  } catch (const Napi::Error&) {
    throw;
  } catch (const RequestError& refusal) {
    throw jsError(info.Env(), refusal);
  } catch (const std::bad_alloc&) {
    throw jsError(info.Env(), Failure{Failure::Kind::OutOfMemory, "not enough memory to read the arguments"});
  } catch (const std::exception& e) {
    throw jsError(info.Env(), Failure{Failure::Kind::Other, e.what()});
  }
}

}  // namespace weightinit
