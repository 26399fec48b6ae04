// The myelosuppression plugin's hand-edited text (plugins/myelosuppression):
// its settings from the hub config (each site's critical values, the
// assessment validity) as SitePolicies and ChemoRules parse them at load, and
// a regimen file, the RegimenTable an operator adds with regimen_file. The
// input is the settings, a NUL, then the regimen file's text. Settings that
// name a regimen_file are not run: the plugin would read that path, and a
// fuzzer must not read whatever file it makes up; the regimen text is
// parsed directly instead.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "absl/strings/match.h"
#include "plugins/myelosuppression/chemo_rules.h"
#include "plugins/myelosuppression/embedded_tables.h"
#include "plugins/myelosuppression/regimen_catalogue.h"
#include "plugins/myelosuppression/rule_tables.h"
#include "plugins/myelosuppression/site_policies.h"
#include "tests/fuzz/check.h"

namespace casehub::myelosuppression {
namespace {

// The shipped tables, parsed once: they are built in, not input.
struct Shipped {
  static const Shipped& Get() {
    static const Shipped* const shipped = [] {
      absl::StatusOr<RuleTables> tables = RuleTables::Parse(EmbeddedTables());
      if (!tables.ok()) {
        std::cerr << "the embedded tables do not load: " << tables.status() << "\n";
        std::abort();
      }
      absl::StatusOr<ChemoRules> chemo = ChemoRules::Parse(EmbeddedTables(), "", *tables);
      if (!chemo.ok()) {
        std::cerr << "the embedded chemotherapy tables do not load: " << chemo.status() << "\n";
        std::abort();
      }
      return new Shipped{*std::move(tables), *std::move(chemo)};
    }();
    return *shipped;
  }
  RuleTables tables;
  ChemoRules chemo;
};

}  // namespace
}  // namespace casehub::myelosuppression

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace casehub::myelosuppression;  // NOLINT: a fuzz entry point
  const Shipped& shipped = Shipped::Get();
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find('\0');
  const absl::string_view settings = input.substr(0, split);
  const absl::string_view regimens =
      split == absl::string_view::npos ? absl::string_view() : input.substr(split + 1);

  if (!absl::StrContains(settings, "regimen_file")) {
    absl::StatusOr<SitePolicies> sites = SitePolicies::Parse(settings, shipped.tables);
    if (sites.ok()) {
      for (const char* site : {"jc-hub", "qs-county", "", "unknown"}) {
        const CriticalValuePolicy& policy = sites->ForSite(site);
        FUZZ_CHECK(policy.acknowledge_within_minutes() > 0);
      }
    } else {
      FUZZ_CHECK(sites.status().code() == absl::StatusCode::kInvalidArgument);
    }
    absl::StatusOr<ChemoRules> chemo = ChemoRules::Parse(EmbeddedTables(), settings, shipped.tables);
    if (chemo.ok()) {
      FUZZ_CHECK(chemo->assessment_valid_days() > 0);
    } else {
      FUZZ_CHECK(chemo.status().code() == absl::StatusCode::kInvalidArgument);
    }
  }

  absl::StatusOr<RegimenCatalogue> extra =
      RegimenCatalogue::Parse("regimen_file", regimens, shipped.chemo.nadir());
  if (extra.ok()) {
    RegimenCatalogue merged = shipped.chemo.regimens();
    merged.Merge(*std::move(extra));
    merged.IdsFor("lung");
    merged.Find("lung.ep");
  } else {
    FUZZ_CHECK(extra.status().code() == absl::StatusCode::kInvalidArgument);
  }
  return 0;
}
