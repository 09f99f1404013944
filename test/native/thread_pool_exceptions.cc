// parallelFor rethrows, on the calling thread, an exception thrown by a chunk
// that ran on a pool thread (where it would otherwise end the process), and
// the pool keeps working afterwards. Exits nonzero on failure.
//   build-cmake/thread_pool_exceptions
#include <atomic>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include "../../native/thread_pool.h"

using namespace weightinit;

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "thread_pool_exceptions: %s\n", what);
    ++failures;
  }
}

}  // namespace

int main() {
  const std::thread::id caller = std::this_thread::get_id();
  int helperThrows = 0;
  for (int round = 0; round < 20; ++round) {
    std::atomic<bool> helperRan{false};
    bool caught = false;
    try {
      // Slow chunks, so that helpers get some of them.
      parallelFor(64, 1, 4, [&](size_t, size_t) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        if (std::this_thread::get_id() != caller) {
          helperRan = true;
          throw std::runtime_error("from a helper");
        }
      });
    } catch (const std::runtime_error&) {
      caught = true;
    }
    check(caught == helperRan.load(), "an exception on a helper thread must reach the caller, and only then");
    helperThrows += helperRan ? 1 : 0;
  }
  check(helperThrows > 0, "no chunk ever ran on a helper thread");
  std::atomic<size_t> sum{0};
  parallelFor(1000, 7, 4, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) sum += i;
  });
  check(sum == 999 * 1000 / 2, "the pool must still work after exceptions");
  if (failures == 0) std::printf("thread_pool_exceptions: ok (%d of 20 rounds threw on a helper)\n", helperThrows);
  return failures == 0 ? 0 : 1;
}
