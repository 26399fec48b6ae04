// The rule tables exactly as the plugin embeds them, parsed once per test
// binary: the rules tests check the shipped tables, not copies of them.
#pragma once

#include <cstdlib>
#include <iostream>

#include "absl/strings/string_view.h"
#include "plugins/myelosuppression/chemo_rules.h"
#include "plugins/myelosuppression/embedded_tables.h"
#include "plugins/myelosuppression/rule_tables.h"

namespace casehub::myelosuppression {

inline const RuleTables& EmbeddedRules() {
  static const RuleTables* const tables = [] {
    absl::StatusOr<RuleTables> parsed = RuleTables::Parse(EmbeddedTables());
    if (!parsed.ok()) {
      std::cerr << "the embedded tables do not load: " << parsed.status() << "\n";
      std::abort();
    }
    return new RuleTables(*std::move(parsed));
  }();
  return *tables;
}

// The rules of one analyte by id ("anc", ...); aborts on an unknown id.
inline const AnalyteRules& RulesOf(absl::string_view analyte_id) {
  const AnalyteRules* rules = EmbeddedRules().FindById(analyte_id);
  if (rules == nullptr) {
    std::cerr << "no analyte '" << analyte_id << "' in the embedded tables\n";
    std::abort();
  }
  return *rules;
}

// The chemotherapy tables as embedded, with no settings.
inline const ChemoRules& EmbeddedChemoRules() {
  static const ChemoRules* const rules = [] {
    absl::StatusOr<ChemoRules> parsed = ChemoRules::Parse(EmbeddedTables(), "", EmbeddedRules());
    if (!parsed.ok()) {
      std::cerr << "the embedded chemotherapy tables do not load: " << parsed.status() << "\n";
      std::abort();
    }
    return new ChemoRules(*std::move(parsed));
  }();
  return *rules;
}

}  // namespace casehub::myelosuppression
