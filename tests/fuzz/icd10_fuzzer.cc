// ICD-10 codes and claimed ranges (services/engine/icd10.h): the codes
// clients send when opening a case, and the ranges plugins claim, which the
// hub compares to route a case and to refuse two plugins claiming the same
// code. Properties: normalizing is idempotent and drops every dot; a code
// inside two ranges means they overlap; overlap is symmetric.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "services/engine/icd10.h"
#include "tests/fuzz/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace casehub;  // NOLINT: a fuzz entry point
  FuzzedDataProvider input(data, size);
  v1::Icd10Range a;
  a.set_first(input.ConsumeRandomLengthString(16));
  a.set_last(input.ConsumeRandomLengthString(16));
  v1::Icd10Range b;
  b.set_first(input.ConsumeRandomLengthString(16));
  b.set_last(input.ConsumeRandomLengthString(16));
  const std::string code = input.ConsumeRemainingBytesAsString();

  const bool well_formed = engine::IsWellFormedIcd10(code);
  const std::string normalized = engine::NormalizeIcd10(code);
  FUZZ_CHECK(normalized.find('.') == std::string::npos);
  FUZZ_CHECK(engine::NormalizeIcd10(normalized) == normalized);
  if (well_formed) FUZZ_CHECK(normalized.size() >= 3 && normalized.size() <= 11);

  const bool in_a = engine::RangeContains(a, code);
  const bool in_b = engine::RangeContains(b, code);
  const bool overlap = engine::RangesOverlap(a, b);
  FUZZ_CHECK(overlap == engine::RangesOverlap(b, a));
  if (in_a && in_b) FUZZ_CHECK(overlap);
  // A range's first code is in it when the range is not empty.
  if (engine::NormalizeIcd10(a.first()) <= engine::NormalizeIcd10(a.last())) {
    FUZZ_CHECK(engine::RangeContains(a, a.first()));
  }
  return 0;
}
