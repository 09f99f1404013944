// libFuzzer harness for the native layer's request checks
// (native/request_checks.h): decodes each input into the arguments a binding
// would have read out of JS, runs the checks, and runs the real kernels on
// every request they accept, on honest arrays (fuzz_arg_decoder.h). Findings:
// a crash or sanitizer report (a request accepted that the kernels cannot
// serve), or a refusal whose message does not name the argument.
//
// Half the inputs are "coherent" (lengths that agree with the dimensions,
// the right array types), so that accepted requests are common; the rest
// choose every length and type on their own.
//
// Build and run (clang; from the repository root):
//   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DWEIGHTINIT_FUZZ=ON
//   cmake --build build-fuzz --target fuzz_requests
//   build-fuzz/fuzz_requests -max_total_time=60
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "../../native/dispatch.h"
#include "../../native/fill.h"
#include "../../native/network_pass.h"
#include "../../native/orthogonalize.h"
#include "../../native/request_checks.h"
#include "fuzz_arg_decoder.h"

using namespace weightinit;

namespace {

// Elements per array: enough for several SIMD vectors, staging tiles and GEMM
// tiles; a fill now and then gets two thread-pool chunks.
constexpr size_t kMaxElements = 4096;
constexpr size_t kMaxFillElements = (size_t{1} << 16) + 4096;

[[noreturn]] void finding(const char* what, const char* detail) {
  std::fprintf(stderr, "fuzz_requests: %s: %s\n", what, detail);
  std::abort();
}

size_t paramCount(const StringArg& distribution) {
  if (distribution == "uniform") return 3;
  if (distribution == "normal") return 2;
  if (distribution == "truncatedNormal") return 7;
  return 0;
}

ArrayType outType(ArgDecoder& in, const StringArg& distribution) {
  if (distribution == "bits") return ArrayType::Uint32;
  constexpr ArrayType kFloats[] = {ArrayType::Float32, ArrayType::Float64, ArrayType::Uint16};
  return kFloats[in.pick<size_t>(0, 2)];
}

void fuzzFill(ArgDecoder& in, Form form, bool coherent) {
  FillArgs a;
  a.distribution = in.string({"bits", "uniform", "normal", "truncatedNormal"});
  const size_t n = in.pick<size_t>(0, in.pick(0, 31) == 0 ? kMaxFillElements : 300);
  a.out = coherent ? in.array(outType(in, a.distribution), n) : in.anyArray(n);
  a.position = coherent ? in.array(ArrayType::Uint32, 7) : in.anyArray(9);
  a.params = coherent ? in.array(ArrayType::Float32, paramCount(a.distribution)) : in.anyArray(9);
  a.threads = in.number();
  a.element = in.string({"float16", "bfloat16"});
  const FillRequest r = checkFill(a, form);
  if (r.n != a.out.length) finding("fill accepted with a length that is not out's", std::to_string(r.n).c_str());
  runFill(*dispatch().kernels, r);
}

void fuzzOrthogonalize(ArgDecoder& in, Form form, bool coherent) {
  OrthogonalizeArgs a;
  a.rows = in.number();
  a.cols = in.number();
  const auto small = [](const NumberArg& d) { return d && *d >= 0 && *d <= kMaxElements && *d == std::floor(*d); };
  const bool fits = small(a.rows) && small(a.cols) && *a.rows * *a.cols <= kMaxElements;
  a.a = coherent && fits ? in.array(ArrayType::Float32, static_cast<size_t>(*a.rows * *a.cols))
                         : in.anyArray(kMaxElements);
  a.threads = in.number();
  const OrthogonalizeRequest r = checkOrthogonalize(a, form);
  orthogonalize(*dispatch().blas, r.a, r.rows, r.cols, r.threads);
}

// A width the coherent pass uses: small, so that its arrays stay small.
size_t smallWidth(ArgDecoder& in) { return in.pick<size_t>(1, 16); }

void fuzzNetworkStats(ArgDecoder& in, Form form, bool coherent) {
  NetworkStatsArgs a;
  const size_t batch = smallWidth(in);
  a.batch = coherent ? NumberArg(batch) : in.number();
  const size_t depth = in.pick<size_t>(coherent ? 1 : 0, 5);
  size_t width = smallWidth(in);
  const size_t inputWidth = width;
  for (size_t l = 0; l < depth; ++l) {
    LayerArgs layer;
    const size_t out = smallWidth(in);
    layer.in = coherent ? NumberArg(width) : in.number();
    layer.out = coherent ? NumberArg(out) : in.number();
    layer.weights = coherent ? in.array(ArrayType::Float32, width * out) : in.anyArray(kMaxElements / 4);
    if (in.flag()) layer.bias = coherent ? in.array(ArrayType::Float32, out) : in.anyArray(64);
    layer.activation = in.string({"linear", "relu", "leaky_relu", "elu", "selu", "gelu", "silu", "tanh", "sigmoid",
                                  "softplus"});
    layer.param = in.number();
    a.layers.push_back(layer);
    width = out;
  }
  a.input = coherent ? in.array(ArrayType::Float32, batch * inputWidth) : in.anyArray(kMaxElements / 4);
  a.outputGradient = coherent ? in.array(ArrayType::Float32, batch * width) : in.anyArray(kMaxElements / 4);
  a.threads = in.number();
  const NetworkStatsRequest r = checkNetworkStats(a, form);
  networkStats(*dispatch().blas, r.pass, r.threads);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ArgDecoder in(data, size);
  const Form form = in.flag() ? Form::Async : Form::Sync;
  const bool coherent = in.flag();
  try {
    switch (in.pick(0, 2)) {
      case 0: fuzzFill(in, form, coherent); break;
      case 1: fuzzOrthogonalize(in, form, coherent); break;
      default: fuzzNetworkStats(in, form, coherent); break;
    }
  } catch (const RequestError& refusal) {
    if (std::strncmp(refusal.what(), "argument ", 9) != 0) finding("a refusal that names no argument", refusal.what());
  }
  return 0;
}
