// A process-wide pool of worker threads that run the chunks of one range
// together with the calling thread. Results never depend on which thread ran
// which chunk: every kernel's output element depends only on its index.
#pragma once
#include <cstddef>
#include <functional>

namespace weightinit {

constexpr unsigned kMaxThreads = 256;

unsigned hardwareThreads();

// Runs body(begin, end) over [0, n) in chunks of at most `grain` elements, on
// at most `threads` threads (the caller counts as one). Returns when all
// chunks have run.
void parallelFor(size_t n, size_t grain, unsigned threads,
                 const std::function<void(size_t, size_t)>& body);

}  // namespace weightinit
