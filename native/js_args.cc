#include "js_args.h"

#include "addon_state.h"

namespace weightinit {
namespace {

constexpr const char* kPrefix = "weightinit native: ";

ArrayType arrayType(napi_typedarray_type type) {
  switch (type) {
    case napi_uint32_array: return ArrayType::Uint32;
    case napi_float32_array: return ArrayType::Float32;
    case napi_float64_array: return ArrayType::Float64;
    case napi_uint16_array: return ArrayType::Uint16;
    default: return ArrayType::Other;
  }
}

// A SharedArrayBuffer can grow but never shrink, so only ArrayBuffers count.
bool isResizable(Napi::Env env, Napi::Value buffer) {
  const Napi::FunctionReference& resizable = addonState(env).resizable;
  if (resizable.IsEmpty() || !buffer.IsArrayBuffer()) return false;
  return resizable.Call(buffer, {}).ToBoolean();
}

}  // namespace

void prepareArrayArgs(Napi::Env env) {
  const Napi::Object global = env.Global();
  const Napi::Value arrayBuffer = global.Get("ArrayBuffer");
  if (!arrayBuffer.IsFunction()) return;
  const Napi::Value prototype = arrayBuffer.As<Napi::Object>().Get("prototype");
  const Napi::Function describe =
      global.Get("Object").As<Napi::Object>().Get("getOwnPropertyDescriptor").As<Napi::Function>();
  const Napi::Value descriptor = describe.Call({prototype, Napi::String::New(env, "resizable")});
  if (!descriptor.IsObject()) return;
  const Napi::Value getter = descriptor.As<Napi::Object>().Get("get");
  if (getter.IsFunction()) addonState(env).resizable = Napi::Persistent(getter.As<Napi::Function>());
}

ArrayArg arrayArg(const Napi::Value& v, Form form) {
  ArrayArg a;
  if (!v.IsTypedArray()) return a;
  const Napi::Env env = v.Env();
  napi_typedarray_type type;
  size_t length;
  void* data;
  napi_value buffer;
  size_t byteOffset;
  // The data pointer comes from here rather than from the buffer object,
  // which may be a SharedArrayBuffer.
  const napi_status status = napi_get_typedarray_info(env, v, &type, &length, &data, &buffer, &byteOffset);
  NAPI_THROW_IF_FAILED(env, status, a);
  a.type = arrayType(type);
  a.length = length;
  a.data = length == 0 ? nullptr : data;
  a.resizable = form == Form::Async && isResizable(env, Napi::Value(env, buffer));
  return a;
}

Napi::Error jsError(Napi::Env env, const RequestError& refusal) {
  const std::string message = kPrefix + std::string(refusal.what());
  if (refusal.kind == RequestError::Kind::Type) return Napi::TypeError::New(env, message);
  return Napi::RangeError::New(env, message);
}

Napi::Error jsError(Napi::Env env, const Failure& failure) {
  const std::string message = kPrefix + failure.message;
  if (failure.kind == Failure::Kind::OutOfMemory) return Napi::RangeError::New(env, message);
  return Napi::Error::New(env, message);
}

}  // namespace weightinit
