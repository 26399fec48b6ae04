// Silences protobuf's log messages (invalid UTF-8 and the like on every
// other fuzz input). Refusals are what these targets expect, and a broken
// protobuf invariant still aborts.
#pragma once

#include "google/protobuf/stubs/logging.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}
