// A full disk, as the process sees it: while a FileSizeLimit lives, no file
// this process writes may grow past `bytes` (RLIMIT_FSIZE). A write that
// would cross the limit is cut short at it, and one at the limit fails
// with EFBIG (SIGXFSZ is ignored meanwhile, so it does not end the process).
// The process's other threads are limited too: use it only while they are
// not writing files.
#pragma once

#include <sys/resource.h>

#include <csignal>

#include "gtest/gtest.h"

namespace casehub::testing {

class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    EXPECT_EQ(::getrlimit(RLIMIT_FSIZE, &saved_), 0);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved_;
    limited.rlim_cur = bytes;
    EXPECT_EQ(::setrlimit(RLIMIT_FSIZE, &limited), 0);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*previous_handler_)(int) = SIG_DFL;
};

}  // namespace casehub::testing
