// The gastric tumor-type plugin: claims stomach cancer diagnoses, follows the
// whole-course pathway with TNM (AJCC 8th, stomach) staging and the markers
// that decide first-line treatment of metastatic disease, schedules follow-up
// by risk tier, and counts its indicators. Facts from
// shared/domain/clinical-rules.md §7-§8.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "casehub/case_data.h"
#include "casehub/descriptor.h"
#include "casehub/follow_up.h"
#include "casehub/pathway.h"
#include "casehub/tumor_type_plugin.h"
#include "casehub/status_macros.h"

namespace casehub::plugins::gastric {
namespace {

constexpr char kPluginId[] = "gastric";
constexpr char kBiomarkerPanelRate[] = "biomarker_panel_rate";

// Distant metastases: the advanced disease whose first-line systemic
// treatment depends on the markers.
bool IsMetastatic(const sdk::Facts& facts) { return sdk::FactIn(facts, "tnm_m", {"M1"}); }

bool IsAdenocarcinoma(const sdk::Facts& facts) {
  return sdk::FactIn(facts, sdk::kHistology, {"adenocarcinoma", "poorly_cohesive", "mucinous"});
}

// AJCC 8th stomach: M1 is pathological / post-neoadjuvant IV or clinical IVB;
// the only M0 stage IV is clinical IVA, which is cT4b.
absl::Status CheckStageAgreesWithTnm(const sdk::Facts& facts) {
  std::optional<std::string> group = sdk::Fact(facts, "stage_group");
  if (!group) return absl::OkStatus();
  std::optional<std::string> m = sdk::Fact(facts, "tnm_m");
  const bool metastatic_group = *group == "IV" || *group == "IVB";
  if (m && (*m == "M1") != metastatic_group) {
    return absl::InvalidArgumentError(absl::StrCat(
        "stage_group ", *group, " contradicts tnm_m ", *m,
        " (AJCC 8th stomach: M1 -> IV, or IVB when clinical; M0 -> below IV, or IVA when "
        "clinical T4b)"));
  }
  std::optional<std::string> t = sdk::Fact(facts, "tnm_t");
  if (*group == "IVA" && t && *t != "T4b") {
    return absl::InvalidArgumentError(absl::StrCat(
        "stage_group IVA contradicts tnm_t ", *t, " (AJCC 8th stomach: clinical IVA is T4b M0)"));
  }
  return absl::OkStatus();
}

// What first-line treatment of metastatic adenocarcinoma still waits for:
// HER2 decides trastuzumab (IHC 2+ is equivocal until ISH), MMR or MSI
// decides immunotherapy.
std::vector<std::string> MissingFirstLineMarkers(const sdk::Facts& facts) {
  std::vector<std::string> missing;
  if (!sdk::Fact(facts, "her2_ihc") && !sdk::Fact(facts, "her2_ish")) {
    missing.push_back("her2_ihc (or her2_ish)");
  } else if (sdk::FactIn(facts, "her2_ihc", {"2+"}) && !sdk::Fact(facts, "her2_ish")) {
    missing.push_back("her2_ish (HER2 IHC 2+ is equivocal)");
  }
  if (!sdk::Fact(facts, "mmr") && !sdk::Fact(facts, "msi")) missing.push_back("mmr or msi");
  return missing;
}

absl::Status CheckMarkersBeforeTreatment(const sdk::Facts& facts) {
  if (!IsMetastatic(facts) || !IsAdenocarcinoma(facts)) return absl::OkStatus();
  const std::vector<std::string> missing = MissingFirstLineMarkers(facts);
  if (missing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "metastatic (M1) gastric adenocarcinoma requires before treatment (first-line "
      "trastuzumab and immunotherapy depend on them): ",
      absl::StrJoin(missing, ", ")));
}

// §8 Gastric row (CSCO 2023): every 3-6 months in years 1-2, every 6-12
// months in years 3-5, then yearly. The high tier takes the short end of
// each range.
sdk::FollowUpSchedule ScheduleFor(const v1::Case& c) {
  constexpr char kItems[] =
      "history and exam, CEA/CA19-9, CT as indicated or every 6-12 months, endoscopy of the "
      "gastric remnant, B12/iron after gastrectomy";
  if (sdk::FactIn(sdk::FactsOf(c), sdk::kRiskTier, {"high"})) {
    return {"gastric high risk, short end of the CSCO 2023 intervals",
            {{0, 24, 3, 3}, {24, 60, 6, 6}, {60, 0, 12, 12}},
            kItems};
  }
  return {"gastric after curative treatment, CSCO 2023",
          {{0, 24, 3, 6}, {24, 60, 6, 12}, {60, 0, 12, 12}},
          kItems};
}

// Recurrence risk after curative treatment is highest from stage III on, and
// most recurrences appear in the first two years: those cases are high tier.
std::string TierFor(const sdk::Facts& facts) {
  return sdk::FactIn(facts, "stage_group", {"III", "IIIA", "IIIB", "IIIC", "IV", "IVA", "IVB"})
             ? "high"
             : "standard";
}

class GastricPlugin final : public sdk::TumorTypePlugin {
 public:
  GastricPlugin() : TumorTypePlugin(kPluginId) {}

  v1::PluginDescriptor Describe() const override {
    v1::PluginDescriptor d =
        sdk::TumorTypeDescriptor(kPluginId, "0.2.0", "Gastric cancer whole-course management");
    // Junction tumors are coded C16.0 (cardia); C15 stays out, see README.
    sdk::AddClaim(d, "C16", "C16");
    // adenocarcinoma: tubular, papillary, mixed or NOS; poorly_cohesive
    // includes signet-ring cell carcinoma.
    sdk::AddWholeCoursePathway(
        d, {.histologies = {"adenocarcinoma", "poorly_cohesive", "mucinous", "other"},
            .staging_fields = {"tnm_t", "tnm_n", "tnm_m", "stage_group"}});
    sdk::AddCodeField(d, "diagnosis", "lauren_type", "Lauren type",
                      {"intestinal", "diffuse", "mixed", "indeterminate"});
    sdk::AddCodeField(d, "staging", "tnm_t", "TNM T category (AJCC 8th)",
                      {"TX", "T0", "Tis", "T1a", "T1b", "T2", "T3", "T4a", "T4b"});
    sdk::AddCodeField(d, "staging", "tnm_n", "TNM N category",
                      {"NX", "N0", "N1", "N2", "N3a", "N3b"});
    sdk::AddCodeField(d, "staging", "tnm_m", "TNM M category", {"M0", "M1"});
    // AJCC 8th groups stomach cancer three ways: clinical (0, I, IIA, IIB,
    // III, IVA, IVB), pathological (0, IA-IIIC, IV) and after neoadjuvant
    // therapy (I-IV). A case records the one it has.
    sdk::AddCodeField(d, "staging", "stage_group",
                      "Stage group (AJCC 8th clinical, pathological or post-neoadjuvant)",
                      {"0", "I", "IA", "IB", "II", "IIA", "IIB", "III", "IIIA", "IIIB", "IIIC",
                       "IV", "IVA", "IVB"});
    sdk::AddCodeField(d, "marker", "her2_ihc", "HER2 immunohistochemistry",
                      {"0", "1+", "2+", "3+"});
    sdk::AddCodeField(d, "marker", "her2_ish", "HER2 in situ hybridization",
                      {"not_amplified", "amplified"});
    sdk::AddCodeField(d, "marker", "mmr", "Mismatch repair proteins (IHC)", {"pMMR", "dMMR"});
    sdk::AddCodeField(d, "marker", "msi", "Microsatellite instability (PCR or NGS)",
                      {"MSS", "MSI-H"});
    sdk::AddNumberField(d, "marker", "pdl1_cps", "PD-L1 combined positive score", 0, 100, "CPS");
    sdk::AddPathwayIndicators(d);
    sdk::AddRateIndicator(d, kBiomarkerPanelRate, "First-line biomarkers before treatment",
                          "metastatic gastric adenocarcinoma cases with HER2 (ISH when IHC 2+), "
                          "MMR or MSI, and PD-L1 CPS all recorded when treatment started",
                          "metastatic (M1) gastric adenocarcinoma cases that started "
                          "treatment");
    return d;
  }

 protected:
  absl::Status CheckCaseData(const v1::Case&, const sdk::Facts& facts) const override {
    return CheckStageAgreesWithTnm(facts);
  }

  absl::Status CheckBeforeTreatment(const v1::Case&, const sdk::Facts& facts) const override {
    return CheckMarkersBeforeTreatment(facts);
  }

  sdk::FollowUpSchedule Schedule(const v1::Case& c) const override { return ScheduleFor(c); }

  std::string Tier(const sdk::Facts& facts) const override { return TierFor(facts); }

  std::vector<v1::IndicatorEntry> OwnIndicatorItems(
      const v1::PatientState& state) const override {
    return sdk::TreatedCaseItems(
        kPluginId, kBiomarkerPanelRate, state,
        [](const sdk::Facts& facts) { return IsMetastatic(facts) && IsAdenocarcinoma(facts); },
        [](const sdk::Facts& known) {
          return MissingFirstLineMarkers(known).empty() && sdk::Fact(known, "pdl1_cps");
        });
  }
};

}  // namespace
}  // namespace casehub::plugins::gastric

CASEHUB_PLUGIN(casehub::plugins::gastric::GastricPlugin)
