// The breast tumor-type plugin: claims breast cancer and breast carcinoma in
// situ, follows the whole-course pathway with TNM (AJCC 8th, anatomic)
// staging and the receptors that decide systemic treatment, schedules
// follow-up by risk tier, and counts its indicators. Facts from
// shared/domain/clinical-rules.md §7-§8.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "casehub/case_data.h"
#include "casehub/descriptor.h"
#include "casehub/follow_up.h"
#include "casehub/pathway.h"
#include "casehub/tumor_type_plugin.h"
#include "casehub/status_macros.h"

namespace casehub::plugins::breast {
namespace {

constexpr char kPluginId[] = "breast";
constexpr char kHer2PositiveRate[] = "her2_positive_rate";
// ASCO/CAP: ER and PR are positive from 1% of tumor cells staining.
constexpr double kReceptorPositivePercent = 1;

constexpr char kVisitItems[] =
    "history and exam; yearly mammogram (the first at least 6 months after radiotherapy); "
    "gynecologic exam if on tamoxifen with a uterus; bone density if on an aromatase "
    "inhibitor; no routine tumor markers or imaging";

enum class Her2Status { kUnsettled, kNegative, kPositive };

// ASCO/CAP: IHC 3+ is positive, 0 and 1+ negative, 2+ equivocal until in-situ
// hybridization settles it. An ISH result also settles the status alone,
// because some laboratories test by ISH first.
Her2Status Her2Of(const sdk::Facts& facts) {
  if (sdk::FactIn(facts, "her2_ihc", {"3+"}) || sdk::FactIn(facts, "her2_ish", {"amplified"})) {
    return Her2Status::kPositive;
  }
  if (sdk::FactIn(facts, "her2_ish", {"not_amplified"}) ||
      sdk::FactIn(facts, "her2_ihc", {"0", "1+"})) {
    return Her2Status::kNegative;
  }
  return Her2Status::kUnsettled;
}

// Tis is carcinoma in situ; any other recorded T (T0 with nodes, TX) is
// invasive cancer.
bool IsInvasive(const sdk::Facts& facts) {
  std::optional<std::string> t = sdk::Fact(facts, "tnm_t");
  return t.has_value() && *t != "Tis";
}

bool IsReceptorNegative(const sdk::Facts& facts, const char* key) {
  std::optional<std::string> value = sdk::Fact(facts, key);
  double percent = 0;
  return value && absl::SimpleAtod(*value, &percent) && percent < kReceptorPositivePercent;
}

bool IsTripleNegative(const sdk::Facts& facts) {
  return IsInvasive(facts) && IsReceptorNegative(facts, "er_percent") &&
         IsReceptorNegative(facts, "pr_percent") && Her2Of(facts) == Her2Status::kNegative;
}

// AJCC 8th: M1 is stage IV whatever T and N are, and M0 is never stage IV.
absl::Status CheckStageAgreesWithM(const sdk::Facts& facts) {
  std::optional<std::string> m = sdk::Fact(facts, "tnm_m");
  std::optional<std::string> group = sdk::Fact(facts, "stage_group");
  if (!m || !group || (*m == "M1") == (*group == "IV")) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("stage_group ", *group, " contradicts tnm_m ",
                                                 *m, " (AJCC 8th: M1 <-> stage IV)"));
}

// Endocrine therapy depends on ER and PR, anti-HER2 therapy on HER2, and the
// chemotherapy choice on all three: invasive cancer needs them settled before
// treatment.
absl::Status CheckReceptorsBeforeTreatment(const sdk::Facts& facts) {
  if (!IsInvasive(facts)) return absl::OkStatus();
  for (const char* receptor : {"er_percent", "pr_percent"}) {
    if (!sdk::Fact(facts, receptor)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "invasive breast cancer requires ", receptor,
          " before treatment (endocrine therapy depends on it)"));
    }
  }
  if (Her2Of(facts) != Her2Status::kUnsettled) return absl::OkStatus();
  if (sdk::FactIn(facts, "her2_ihc", {"2+"})) {
    return absl::FailedPreconditionError(
        "her2_ihc 2+ is equivocal: invasive breast cancer requires her2_ish before treatment "
        "(ASCO/CAP reflex test; anti-HER2 therapy depends on it)");
  }
  return absl::FailedPreconditionError(
      "invasive breast cancer requires her2_ihc (or her2_ish) before treatment "
      "(anti-HER2 therapy depends on it)");
}

// §8 Breast, ASCO-style row: every 3-6 months in years 1-3, every 6-12 months
// in years 4-5, then yearly. The high tier visits at the short end of each
// range, still inside NCCN's 1-4 visits a year for 5 years.
sdk::FollowUpSchedule ScheduleFor(const v1::Case& c) {
  if (sdk::FactIn(sdk::FactsOf(c), sdk::kRiskTier, {"high"})) {
    return {"breast, high tier: short end of each range",
            {{0, 36, 3, 3}, {36, 60, 6, 6}, {60, 0, 12, 12}},
            kVisitItems};
  }
  return {"breast, standard tier", {{0, 36, 3, 6}, {36, 60, 6, 12}, {60, 0, 12, 12}},
          kVisitItems};
}

// Stage III and triple-negative cancers recur more often, and mostly within
// the first 3 years: they are the high tier. Stage IV rarely reaches
// follow-up after curative treatment; when it does it is followed at least as
// closely. No tier until the stage is recorded.
std::string TierFor(const sdk::Facts& facts) {
  if (sdk::FactIn(facts, "stage_group", {"IIIA", "IIIB", "IIIC", "IV"}) ||
      IsTripleNegative(facts)) {
    return "high";
  }
  return sdk::Fact(facts, "stage_group") ? "standard" : "";
}

class BreastPlugin final : public sdk::TumorTypePlugin {
 public:
  BreastPlugin() : TumorTypePlugin(kPluginId) {}

  v1::PluginDescriptor Describe() const override {
    v1::PluginDescriptor d =
        sdk::TumorTypeDescriptor(kPluginId, "0.2.0", "Breast cancer whole-course management");
    sdk::AddClaim(d, "C50", "C50");
    sdk::AddClaim(d, "D05", "D05");
    sdk::AddWholeCoursePathway(
        d, {.histologies = {"invasive_ductal", "invasive_lobular", "dcis", "lcis", "other"},
            .staging_fields = {"tnm_t", "tnm_n", "tnm_m", "stage_group"}});
    sdk::AddCodeField(d, "staging", "tnm_t", "TNM T category (AJCC 8th)",
                      sdk::Prefixed("T", {"X", "0", "is", "1mi", "1a", "1b", "1c", "2", "3", "4a",
                                          "4b", "4c", "4d"}));
    sdk::AddCodeField(d, "staging", "tnm_n", "TNM N category (AJCC 8th, clinical or pathological)",
                      sdk::Prefixed("N", {"X", "0", "1mi", "1", "1a", "1b", "1c", "2a", "2b",
                                          "3a", "3b", "3c"}));
    sdk::AddCodeField(d, "staging", "tnm_m", "TNM M category", {"M0", "M1"});
    sdk::AddCodeField(d, "staging", "stage_group", "Anatomic stage group (AJCC 8th)",
                      {"0", "IA", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IV"});
    sdk::AddNumberField(d, "marker", "er_percent",
                        "ER, tumor cells staining (positive from 1%)", 0, 100, "%");
    sdk::AddNumberField(d, "marker", "pr_percent",
                        "PR, tumor cells staining (positive from 1%)", 0, 100, "%");
    sdk::AddCodeField(d, "marker", "her2_ihc", "HER2 immunohistochemistry score",
                      {"0", "1+", "2+", "3+"});
    sdk::AddCodeField(d, "marker", "her2_ish", "HER2 in-situ hybridization",
                      {"amplified", "not_amplified"});
    sdk::AddNumberField(d, "marker", "ki67_percent", "Ki-67, tumor cells staining", 0, 100,
                        "%");
    sdk::AddCodeField(d, "treatment", "menopausal_status",
                      "Menopausal status (for the endocrine plan)",
                      {"premenopausal", "postmenopausal"});
    sdk::AddPathwayIndicators(d);
    sdk::AddRateIndicator(d, kHer2PositiveRate, "HER2-positive rate",
                          "invasive cases HER2-positive (IHC 3+ or ISH amplified)",
                          "invasive cases that started treatment with a settled HER2 status");
    return d;
  }

 protected:
  absl::Status CheckCaseData(const v1::Case&, const sdk::Facts& facts) const override {
    return CheckStageAgreesWithM(facts);
  }

  absl::Status CheckBeforeTreatment(const v1::Case&, const sdk::Facts& facts) const override {
    return CheckReceptorsBeforeTreatment(facts);
  }

  sdk::FollowUpSchedule Schedule(const v1::Case& c) const override { return ScheduleFor(c); }

  std::string Tier(const sdk::Facts& facts) const override { return TierFor(facts); }

  // A laboratory and case-mix check: a HER2-positive share far from the usual
  // one points to testing or recording problems.
  std::vector<v1::IndicatorEntry> OwnIndicatorItems(
      const v1::PatientState& state) const override {
    std::vector<v1::IndicatorEntry> items;
    for (const v1::Case& c : state.cases()) {
      std::optional<absl::Time> treated = sdk::FirstEntered(c, sdk::kTreatment);
      const sdk::Facts facts = sdk::FactsOf(c);
      const Her2Status her2 = Her2Of(facts);
      if (c.plugin_id() != kPluginId || !treated || !IsInvasive(facts) ||
          her2 == Her2Status::kUnsettled) {
        continue;
      }
      items.push_back(sdk::CaseItem(kHer2PositiveRate, c, *treated, her2 == Her2Status::kPositive));
    }
    return items;
  }
};

}  // namespace
}  // namespace casehub::plugins::breast

CASEHUB_PLUGIN(casehub::plugins::breast::BreastPlugin)
