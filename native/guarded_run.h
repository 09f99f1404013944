// Runs the work of an accepted request and hands back its C++ failure as a
// message. Memory (or a thread) running out is no fault of the arguments, but
// it must still reach JS as an exception rather than end the process; as a
// plain value it can cross from a worker thread to the main thread.
#pragma once
#include <exception>
#include <new>
#include <string>

namespace weightinit {

struct Failure {
  enum class Kind { None, OutOfMemory, Other };
  Kind kind = Kind::None;
  std::string message;

  explicit operator bool() const { return kind != Kind::None; }
};

// `task()` completes "not enough memory to ..."; it is only called on failure.
template <class Work, class Task>
Failure runGuarded(const Work& work, const Task& task) {
  try {
    work();
    return {};
  } catch (const std::bad_alloc&) {
    return {Failure::Kind::OutOfMemory, "not enough memory to " + task()};
  } catch (const std::exception& e) {
    return {Failure::Kind::Other, "could not " + task() + ": " + e.what()};
  }
}

}  // namespace weightinit
