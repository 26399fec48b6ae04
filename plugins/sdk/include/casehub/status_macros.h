// RETURN_IF_ERROR / ASSIGN_OR_RETURN: Debian's abseil (20220623) predates
// absl's own versions of these. Part of the plugin SDK so plugin authors
// and the hub write errors the same way.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define CASEHUB_CONCAT_INNER(a, b) a##b
#define CASEHUB_CONCAT(a, b) CASEHUB_CONCAT_INNER(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                        \
  do {                                               \
    if (absl::Status status_ = (expr); !status_.ok()) \
      return status_;                                \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, StatusOrExpr())`: declares/assigns `x` from the
// value, or returns the error status from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(CASEHUB_CONCAT(status_or_, __LINE__), lhs, expr)

#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()
