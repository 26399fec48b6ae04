#include "tools/casectl/table.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "absl/strings/str_replace.h"

namespace casehub::casectl {
namespace {

constexpr absl::string_view kEmptyCell = "-";
constexpr absl::string_view kColumnGap = "  ";

bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

// Terminal columns taken by UTF-8 `text`; malformed bytes count one each.
size_t DisplayWidth(absl::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = text[i];
    const size_t length = lead >= 0xF0   ? 4
                          : lead >= 0xE0 ? 3
                          : lead >= 0xC0 ? 2
                                         : 1;
    char32_t c = length == 1 ? lead : lead & (0x7F >> length);
    for (size_t k = 1; k < length && i + k < text.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    width += IsWide(c) ? 2 : 1;
    i += length;
  }
  return width;
}

absl::string_view Shown(const std::string& cell) {
  return cell.empty() ? kEmptyCell : absl::string_view(cell);
}

}  // namespace

Table::Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void Table::AddRow(std::vector<std::string> cells) {
  for (std::string& cell : cells) {
    cell = absl::StrReplaceAll(cell, {{"\r\n", " "}, {"\n", " "}, {"\t", " "}});
  }
  rows_.push_back(std::move(cells));
}

void Table::Print(std::ostream& out, absl::string_view indent) const {
  std::vector<size_t> widths;
  const auto measure = [&widths](const std::vector<std::string>& row) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(Shown(row[i])));
    }
  };
  measure(headers_);
  for (const auto& row : rows_) measure(row);

  const auto print_row = [&](const std::vector<std::string>& row) {
    out << indent;
    for (size_t i = 0; i < row.size(); ++i) {
      const absl::string_view cell = Shown(row[i]);
      out << cell;
      // The last column is not padded: no trailing blanks.
      if (i + 1 < row.size()) {
        out << std::string(widths[i] - DisplayWidth(cell), ' ') << kColumnGap;
      }
    }
    out << '\n';
  };
  if (!headers_.empty()) print_row(headers_);
  for (const auto& row : rows_) print_row(row);
}

void PrintSection(std::ostream& out, absl::string_view title,
                  const Table& table) {
  out << '\n' << title << '\n';
  if (table.empty()) {
    out << "(none)\n";
  } else {
    table.Print(out);
  }
}

}  // namespace casehub::casectl
