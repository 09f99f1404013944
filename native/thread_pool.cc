#include "thread_pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

namespace weightinit {
namespace {

// One parallelFor call. Chunks are claimed with an atomic counter, so helpers
// that arrive late simply find nothing left to do. An exception from a chunk
// (a workspace allocation failing on a helper) would end the process if it
// left a helper thread, so it is kept for parallelFor to rethrow on the
// calling thread; the chunks not yet started are skipped.
struct Job {
  size_t n, grain, chunks;
  const std::function<void(size_t, size_t)>* body;
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;  // the first chunk's exception, written under `mutex`
  std::mutex mutex;
  std::condition_variable finished;

  void work() {
    size_t mine = 0;
    for (size_t k; (k = next.fetch_add(1)) < chunks; ++mine) {
      if (failed.load()) continue;
      const size_t begin = k * grain;
      try {
        (*body)(begin, std::min(n, begin + grain));
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!error) error = std::current_exception();
        failed.store(true);
      }
    }
    if (mine != 0 && done.fetch_add(mine) + mine == chunks) {
      std::lock_guard<std::mutex> lock(mutex);
      finished.notify_all();
    }
  }
};

class Pool {
 public:
  // Helpers are started on demand and live for the rest of the process; they
  // sleep on a condition variable when there is no work.
  void post(const std::shared_ptr<Job>& job, unsigned helpers) {
    std::lock_guard<std::mutex> lock(mutex_);
    while (workers_ < helpers) {
      std::thread([this] { loop(); }).detach();
      ++workers_;
    }
    for (unsigned i = 0; i < helpers; ++i) queue_.push_back(job);
    wake_.notify_all();
  }

 private:
  void loop() {
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return !queue_.empty(); });
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      job->work();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> queue_;
  unsigned workers_ = 0;
};

Pool& pool() {
  static Pool* instance = new Pool();  // never destroyed: detached workers may outlive exit handlers
  return *instance;
}

}  // namespace

unsigned hardwareThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : std::min(n, kMaxThreads);
}

void parallelFor(size_t n, size_t grain, unsigned threads,
                 const std::function<void(size_t, size_t)>& body) {
  if (n == 0) return;
  grain = std::max<size_t>(grain, 1);
  const size_t chunks = (n + grain - 1) / grain;
  const unsigned helpers =
      static_cast<unsigned>(std::min<size_t>(chunks, std::max(threads, 1u)) - 1);
  if (helpers == 0) {
    body(0, n);
    return;
  }
  auto job = std::make_shared<Job>();
  job->n = n;
  job->grain = grain;
  job->chunks = chunks;
  job->body = &body;
  pool().post(job, helpers);
  job->work();
  std::unique_lock<std::mutex> lock(job->mutex);
  job->finished.wait(lock, [&] { return job->done.load() == chunks; });
  if (job->error) std::rethrow_exception(job->error);
}

}  // namespace weightinit
