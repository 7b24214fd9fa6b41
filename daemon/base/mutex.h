// Mutex and MutexLock annotated for clang's -Wthread-safety, and the annotation macros.
// The macros expand to nothing on other compilers.
#pragma once

#include <mutex>

#if defined(__clang__)
#define PW_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define PW_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) PW_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY PW_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) PW_THREAD_ANNOTATION(guarded_by(x))
#define ACQUIRE(...) PW_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) PW_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define EXCLUDES(...) PW_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define REQUIRES(...) PW_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))

namespace postwatch {

class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ACQUIRE() { mutex_.lock(); }
  void Unlock() RELEASE() { mutex_.unlock(); }

 private:
  std::mutex mutex_;
};

// Holds `mutex` for the lifetime of the object.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex* mutex) ACQUIRE(mutex) : mutex_(mutex) { mutex_->Lock(); }
  ~MutexLock() RELEASE() { mutex_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mutex_;
};

}  // namespace postwatch
