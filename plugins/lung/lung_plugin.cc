// The lung tumor-type plugin: claims lung diagnoses, follows the
// whole-course pathway with TNM (AJCC 8th) staging and the markers that
// decide first-line treatment, schedules follow-up by stage, and counts its
// indicators. Facts from shared/domain/clinical-rules.md §7-§8.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "casehub/case_data.h"
#include "casehub/descriptor.h"
#include "casehub/follow_up.h"
#include "casehub/pathway.h"
#include "casehub/tumor_type_plugin.h"
#include "casehub/status_macros.h"

namespace casehub::plugins::lung {
namespace {

constexpr char kPluginId[] = "lung";
constexpr char kBiomarkerPanelRate[] = "biomarker_panel_rate";

bool IsNonSquamousNsclc(const sdk::Facts& facts) {
  return sdk::FactIn(facts, sdk::kHistology, {"adenocarcinoma", "large_cell", "nsclc_nos"});
}

bool IsNsclc(const sdk::Facts& facts) {
  return IsNonSquamousNsclc(facts) || sdk::FactIn(facts, sdk::kHistology, {"squamous"});
}

bool IsStageIv(const sdk::Facts& facts) {
  return sdk::FactIn(facts, "stage_group", {"IVA", "IVB"});
}

// AJCC 8th: M1a and M1b are stage IVA, M1c is IVB, M0 is never stage IV.
absl::Status CheckStageAgreesWithM(const sdk::Facts& facts) {
  std::optional<std::string> m = sdk::Fact(facts, "tnm_m");
  std::optional<std::string> group = sdk::Fact(facts, "stage_group");
  if (!m || !group) return absl::OkStatus();
  const std::string expected = *m == "M1c" ? "IVB" : absl::StartsWith(*m, "M1") ? "IVA" : "";
  if (expected.empty() ? absl::StartsWith(*group, "IV") : *group != expected) {
    return absl::InvalidArgumentError(absl::StrCat(
        "stage_group ", *group, " contradicts tnm_m ", *m, " (AJCC 8th: M1a/M1b -> IVA, ",
        "M1c -> IVB, M0 -> below IV)"));
  }
  return absl::OkStatus();
}

// First-line treatment of stage IV non-squamous NSCLC depends on the
// driver genes: EGFR and ALK results are required before treatment.
absl::Status CheckDriversBeforeTreatment(const sdk::Facts& facts) {
  if (!IsStageIv(facts) || !IsNonSquamousNsclc(facts)) return absl::OkStatus();
  for (const char* marker : {"egfr", "alk"}) {
    if (!sdk::Fact(facts, marker)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "stage IV non-squamous NSCLC requires an ", marker,
          " result before treatment (first-line therapy depends on it)"));
    }
  }
  return absl::OkStatus();
}

sdk::FollowUpSchedule ScheduleFor(const v1::Case& c) {
  if (sdk::FactIn(sdk::FactsOf(c), sdk::kRiskTier, {"high"})) {
    return {"NSCLC stage III after chemoradiation",
            {{0, 36, 3, 6}, {36, 60, 6, 6}, {60, 0, 12, 12}},
            "history and exam, CT chest +/- abdomen"};
  }
  return {"NSCLC stage I-II after surgery/SBRT",
          {{0, 24, 6, 6}, {24, 36, 6, 12}, {36, 0, 12, 12}},
          "history and exam, chest CT (low-dose CT once yearly), smoking cessation"};
}

// Stage III follows the stage III schedule; stages 0-II the standard one.
// Stage IV rarely reaches follow-up after curative treatment; when it does
// it is followed at least as closely as stage III.
std::string TierFor(const sdk::Facts& facts) {
  std::optional<std::string> group = sdk::Fact(facts, "stage_group");
  if (!group) return "";
  return absl::StartsWith(*group, "III") || absl::StartsWith(*group, "IV") ? "high" : "standard";
}

class LungPlugin final : public sdk::TumorTypePlugin {
 public:
  LungPlugin() : TumorTypePlugin(kPluginId) {}

  v1::PluginDescriptor Describe() const override {
    v1::PluginDescriptor d =
        sdk::TumorTypeDescriptor(kPluginId, "0.2.0", "Lung cancer whole-course management");
    sdk::AddClaim(d, "C33", "C34");
    sdk::AddClaim(d, "C78.0", "C78.0");
    sdk::AddClaim(d, "D02.2", "D02.2");
    sdk::AddWholeCoursePathway(
        d, {.histologies = {"adenocarcinoma", "squamous", "large_cell", "nsclc_nos", "sclc",
                            "other"},
            .staging_fields = {"tnm_t", "tnm_n", "tnm_m", "stage_group"}});
    sdk::AddCodeField(d, "staging", "tnm_t", "TNM T category (AJCC 8th)",
                      {"TX", "T0", "Tis", "T1mi", "T1a", "T1b", "T1c", "T2a", "T2b", "T3", "T4"});
    sdk::AddCodeField(d, "staging", "tnm_n", "TNM N category", {"NX", "N0", "N1", "N2", "N3"});
    sdk::AddCodeField(d, "staging", "tnm_m", "TNM M category", {"M0", "M1a", "M1b", "M1c"});
    sdk::AddCodeField(d, "staging", "stage_group", "Stage group (AJCC 8th)",
                      {"0", "IA1", "IA2", "IA3", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC",
                       "IVA", "IVB"});
    sdk::AddCodeField(d, "marker", "egfr", "EGFR mutation",
                      {"negative", "exon19_deletion", "l858r", "exon20_insertion",
                       "other_sensitizing", "t790m"});
    sdk::AddCodeField(d, "marker", "alk", "ALK rearrangement", {"negative", "positive"});
    sdk::AddCodeField(d, "marker", "ros1", "ROS1 rearrangement", {"negative", "positive"});
    sdk::AddNumberField(d, "marker", "pdl1_tps", "PD-L1 tumor proportion score", 0, 100, "%");
    sdk::AddPathwayIndicators(d);
    sdk::AddRateIndicator(d, kBiomarkerPanelRate, "Full biomarker panel before treatment",
                          "stage IV NSCLC cases with EGFR, ALK, ROS1 and PD-L1 all recorded "
                          "when treatment started",
                          "stage IV NSCLC cases that started treatment");
    return d;
  }

 protected:
  absl::Status CheckCaseData(const v1::Case&, const sdk::Facts& facts) const override {
    return CheckStageAgreesWithM(facts);
  }

  absl::Status CheckBeforeTreatment(const v1::Case&, const sdk::Facts& facts) const override {
    return CheckDriversBeforeTreatment(facts);
  }

  sdk::FollowUpSchedule Schedule(const v1::Case& c) const override { return ScheduleFor(c); }

  std::string Tier(const sdk::Facts& facts) const override { return TierFor(facts); }

  std::vector<v1::IndicatorEntry> OwnIndicatorItems(
      const v1::PatientState& state) const override {
    return sdk::TreatedCaseItems(
        kPluginId, kBiomarkerPanelRate, state,
        [](const sdk::Facts& facts) { return IsStageIv(facts) && IsNsclc(facts); },
        [](const sdk::Facts& known) {
          return sdk::AllRecorded(known, {"egfr", "alk", "ros1", "pdl1_tps"});
        });
  }
};

}  // namespace
}  // namespace casehub::plugins::lung

CASEHUB_PLUGIN(casehub::plugins::lung::LungPlugin)
