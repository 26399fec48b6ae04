// Column-aligned text tables, the default output of every command.
#ifndef CASEHUB_TOOLS_CASECTL_TABLE_H_
#define CASEHUB_TOOLS_CASECTL_TABLE_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace casehub::casectl {

// Columns are separated by two spaces and sized to their widest cell as a
// terminal shows it (East Asian wide characters take two columns). Empty cells
// print as "-" so that every column stays visible.
class Table {
 public:
  // Without headers only the rows print, as for "key  value" lists.
  explicit Table(std::vector<std::string> headers = {});

  // Line breaks and tabs in cells become spaces: a row stays one line.
  void AddRow(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }

  void Print(std::ostream& out, absl::string_view indent = "") const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// Prints a blank line, `title`, then the table, or "(none)" for no rows.
void PrintSection(std::ostream& out, absl::string_view title,
                  const Table& table);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_TABLE_H_
