#include "services/engine/icd10.h"

#include <cctype>

namespace casehub::engine {
namespace {

// A range is the interval [first, last + 0xff...]: a bound matches every code
// it prefixes.
std::string UpperEnd(absl::string_view last) {
  return NormalizeIcd10(last) + "\xff";
}

}  // namespace

std::string NormalizeIcd10(absl::string_view code) {
  std::string normalized;
  for (char c : code) {
    if (c == '.') continue;
    normalized.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return normalized;
}

bool IsWellFormedIcd10(absl::string_view code) {
  if (code.size() < 3) return false;
  if (!std::isalpha(static_cast<unsigned char>(code[0])) ||
      !std::isdigit(static_cast<unsigned char>(code[1])) ||
      !std::isdigit(static_cast<unsigned char>(code[2]))) {
    return false;
  }
  if (code.size() == 3) return true;
  if (code[3] != '.' || code.size() < 5 || code.size() > 12) return false;
  for (char c : code.substr(4)) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool RangeContains(const v1::Icd10Range& range, absl::string_view code) {
  std::string normalized = NormalizeIcd10(code);
  return normalized >= NormalizeIcd10(range.first()) &&
         normalized < UpperEnd(range.last());
}

bool RangesOverlap(const v1::Icd10Range& a, const v1::Icd10Range& b) {
  return NormalizeIcd10(a.first()) < UpperEnd(b.last()) &&
         NormalizeIcd10(b.first()) < UpperEnd(a.last());
}

}  // namespace casehub::engine
