// The gynecologic tumor-type plugin: claims the female genital organ
// diagnoses, follows the whole-course pathway with FIGO staging by primary
// site and the markers that steer treatment, schedules follow-up by site and
// risk tier, and counts its indicators. Facts from
// shared/domain/clinical-rules.md §7-§8.
#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "casehub/case_data.h"
#include "casehub/descriptor.h"
#include "casehub/follow_up.h"
#include "casehub/pathway.h"
#include "casehub/tumor_type_plugin.h"
#include "casehub/status_macros.h"

namespace casehub::plugins::gynecologic {
namespace {

constexpr char kPluginId[] = "gynecologic";
constexpr char kPrimarySite[] = "primary_site";
constexpr char kFigoStage[] = "figo_stage";
// Carcinoma in situ (D06) has no FIGO stage; it is recorded as stage 0.
constexpr char kInSituStage[] = "0";
constexpr char kInSituCode[] = "D06";
constexpr char kMmrTestingRate[] = "mmr_testing_rate";

// A primary_site value and the FIGO system its figo_stage follows; sites
// without a single FIGO system have no stages and are not checked.
struct Site {
  std::string id;
  std::string figo_system;
  std::vector<std::string> figo_stages;
};

std::vector<Site> Sites() {
  const std::vector<std::string> tubo_ovarian = {
      "IA", "IB", "IC1", "IC2", "IC3", "IIA", "IIB", "IIIA1", "IIIA2", "IIIB", "IIIC", "IVA",
      "IVB"};
  return {
      {"cervix", "FIGO 2018",
       {"IA1", "IA2", "IB1", "IB2", "IB3", "IIA1", "IIA2", "IIB", "IIIA", "IIIB", "IIIC1",
        "IIIC2", "IVA", "IVB"}},
      {"endometrium", "FIGO 2009",
       {"IA", "IB", "II", "IIIA", "IIIB", "IIIC1", "IIIC2", "IVA", "IVB"}},
      {"ovary", "FIGO 2014", tubo_ovarian},
      {"fallopian_tube", "FIGO 2014", tubo_ovarian},
      {"vulva", "FIGO 2021", {"IA", "IB", "II", "IIIA", "IIIB", "IIIC", "IVA", "IVB"}},
      {"vagina", "FIGO", {"I", "II", "III", "IVA", "IVB"}},
      // Gestational trophoblastic neoplasia: the anatomical stage only.
      {"placenta", "FIGO 2000", {"I", "II", "III", "IV"}},
      // Uterine body other than the endometrium (e.g. sarcoma), or unspecified.
      {"uterus_other", "", {}},
      {"other", "", {}},
  };
}

std::vector<std::string> SiteIds() {
  std::vector<std::string> ids;
  for (const Site& site : Sites()) ids.push_back(site.id);
  return ids;
}

// Every site's stages once, in table order, and stage 0 for carcinoma in situ.
std::vector<std::string> AllFigoStages() {
  std::vector<std::string> all;
  for (const Site& site : Sites()) {
    for (const std::string& stage : site.figo_stages) {
      if (std::find(all.begin(), all.end(), stage) == all.end()) all.push_back(stage);
    }
  }
  all.push_back(kInSituStage);
  return all;
}

// The primary sites an ICD-10 code leaves possible (ICD-10 chapter II, §7
// Gynecologic row); empty when the code does not say (C57.1-C57.9).
std::vector<std::string> SitesOfCode(absl::string_view code) {
  if (absl::StartsWith(code, "C51")) return {"vulva"};
  if (absl::StartsWith(code, "C52")) return {"vagina"};
  if (absl::StartsWith(code, "C53") || absl::StartsWith(code, kInSituCode)) return {"cervix"};
  if (absl::StartsWith(code, "C54.1")) return {"endometrium"};
  if (absl::StartsWith(code, "C54")) return {"endometrium", "uterus_other"};
  if (absl::StartsWith(code, "C55")) return {"cervix", "endometrium", "uterus_other"};
  if (absl::StartsWith(code, "C56")) return {"ovary"};
  if (absl::StartsWith(code, "C57.0")) return {"fallopian_tube"};
  if (absl::StartsWith(code, "C58")) return {"placenta"};
  return {};
}

absl::Status CheckSiteAgreesWithDiagnosis(const sdk::Facts& facts, absl::string_view code) {
  std::optional<std::string> site = sdk::Fact(facts, kPrimarySite);
  const std::vector<std::string> possible = SitesOfCode(code);
  if (!site || possible.empty() ||
      std::find(possible.begin(), possible.end(), *site) != possible.end()) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "primary_site ", *site, " contradicts the case's diagnosis ", code,
      ", whose primary site is ", absl::StrJoin(possible, " or ")));
}

// Stage 0 exactly for carcinoma in situ; otherwise a stage of the site's
// FIGO system.
absl::Status CheckStageValidForSite(const sdk::Facts& facts, absl::string_view code) {
  std::optional<std::string> stage = sdk::Fact(facts, kFigoStage);
  if (!stage) return absl::OkStatus();
  if (absl::StartsWith(code, kInSituCode) != (*stage == kInSituStage)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "figo_stage ", *stage, " contradicts the case's diagnosis ", code,
        " (stage 0 is carcinoma in situ, ICD-10 D06, and nothing else)"));
  }
  std::optional<std::string> site = sdk::Fact(facts, kPrimarySite);
  if (!site || *stage == kInSituStage) return absl::OkStatus();
  for (const Site& known : Sites()) {
    if (known.id != *site || known.figo_stages.empty()) continue;
    if (std::find(known.figo_stages.begin(), known.figo_stages.end(), *stage) ==
        known.figo_stages.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "figo_stage ", *stage, " is not a ", known.figo_system, " stage of the ", *site, " (",
          absl::StrJoin(known.figo_stages, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

bool IsEndometrial(const sdk::Facts& facts) {
  return sdk::FactIn(facts, kPrimarySite, {"endometrium"});
}

bool IsStageThreeOrFour(const sdk::Facts& facts) {
  const std::string stage = sdk::Fact(facts, kFigoStage).value_or("");
  return absl::StartsWith(stage, "III") || absl::StartsWith(stage, "IV");
}

// First-line systemic therapy of advanced endometrial cancer depends on the
// MMR status (dMMR: chemotherapy with an immune checkpoint inhibitor), and
// the diagnostic biopsy is enough to test it.
absl::Status CheckMmrBeforeTreatment(const sdk::Facts& facts) {
  if (!IsEndometrial(facts) || !IsStageThreeOrFour(facts) || sdk::Fact(facts, "mmr")) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "FIGO stage ", *sdk::Fact(facts, kFigoStage), " endometrial cancer requires an mmr result ",
      "before treatment (first-line therapy depends on it)"));
}

constexpr char kCervicalItems[] = "history and exam +/- cytology; imaging if symptomatic";
constexpr char kOvarianItems[] =
    "history and exam; CA-125 if raised at diagnosis; CT/PET as indicated";
constexpr char kEndometrialItems[] = "history and exam; imaging on symptoms";

// The §8 rows as written for the standard tier; the high tier is seen at the
// short end of each interval range (and, endometrial, for the longer 3 years).
sdk::FollowUpSchedule ScheduleFor(const v1::Case& c) {
  const sdk::Facts facts = sdk::FactsOf(c);
  const bool high = sdk::FactIn(facts, sdk::kRiskTier, {"high"});
  if (sdk::FactIn(facts, kPrimarySite, {"ovary", "fallopian_tube"})) {
    if (high) {
      return {"ovarian cancer, high tier", {{0, 24, 2, 2}, {24, 60, 3, 3}, {60, 0, 12, 12}},
              kOvarianItems};
    }
    return {"ovarian cancer", {{0, 24, 2, 4}, {24, 60, 3, 6}, {60, 0, 12, 12}}, kOvarianItems};
  }
  if (IsEndometrial(facts)) {
    if (high) {
      return {"endometrial cancer, high tier", {{0, 36, 3, 3}, {36, 60, 6, 6}, {60, 0, 12, 12}},
              kEndometrialItems};
    }
    return {"endometrial cancer", {{0, 24, 3, 6}, {24, 60, 6, 12}, {60, 0, 12, 12}},
            kEndometrialItems};
  }
  // Vulva, vagina and the other sites have no row of their own.
  if (high) {
    return {"cervical cancer, high tier", {{0, 24, 3, 3}, {24, 60, 6, 6}, {60, 0, 12, 12}},
            kCervicalItems};
  }
  return {"cervical cancer", {{0, 24, 3, 6}, {24, 60, 6, 12}, {60, 0, 12, 12}}, kCervicalItems};
}

// High: FIGO III-IV at any site; locally advanced cervical cancer (IB3,
// IIA2, IIB); endometrial cancer of a high-risk histology or abnormal p53.
// Trophoblastic neoplasia is tiered by the WHO prognostic score, not the
// stage, so the team records its tier by hand.
std::string TierFor(const sdk::Facts& facts) {
  if (sdk::FactIn(facts, kPrimarySite, {"placenta"})) return "standard";
  const bool locally_advanced_cervix = sdk::FactIn(facts, kPrimarySite, {"cervix"}) &&
                                       sdk::FactIn(facts, kFigoStage, {"IB3", "IIA2", "IIB"});
  const bool high_risk_endometrium =
      IsEndometrial(facts) &&
      (sdk::FactIn(facts, "p53", {"abnormal"}) ||
       sdk::FactIn(facts, sdk::kHistology,
                   {"high_grade_serous", "clear_cell", "carcinosarcoma", "undifferentiated"}));
  return IsStageThreeOrFour(facts) || locally_advanced_cervix || high_risk_endometrium
             ? "high"
             : "standard";
}

class GynecologicPlugin final : public sdk::TumorTypePlugin {
 public:
  GynecologicPlugin() : TumorTypePlugin(kPluginId) {}

  v1::PluginDescriptor Describe() const override {
    v1::PluginDescriptor d =
        sdk::TumorTypeDescriptor(kPluginId, "0.2.0", "Gynecologic cancer whole-course management");
    sdk::AddClaim(d, "C51", "C58");
    sdk::AddClaim(d, kInSituCode, kInSituCode);
    sdk::AddWholeCoursePathway(
        d, {.histologies = {"squamous", "adenocarcinoma", "adenosquamous", "endometrioid",
                            "high_grade_serous", "low_grade_serous", "clear_cell", "mucinous",
                            "carcinosarcoma", "undifferentiated", "sarcoma", "germ_cell",
                            "sex_cord_stromal", "gestational_trophoblastic", "other"},
            .staging_fields = {kPrimarySite, kFigoStage}});
    sdk::AddCodeField(d, "staging", kPrimarySite, "Primary site", SiteIds());
    sdk::AddCodeField(d, "staging", kFigoStage,
                      "FIGO stage (cervix 2018, endometrium 2009, ovary and fallopian tube "
                      "2014, vulva 2021, trophoblastic 2000; 0: carcinoma in situ)",
                      AllFigoStages());
    sdk::AddCodeField(d, "marker", "mmr", "Mismatch repair status", {"dMMR", "pMMR"});
    sdk::AddCodeField(d, "marker", "hpv", "HPV status (cervix, vulva, vagina)",
                      {"positive", "negative"});
    sdk::AddCodeField(d, "marker", "p53", "p53 status (endometrium)", {"wild_type", "abnormal"});
    sdk::AddCodeField(d, "marker", "brca", "BRCA1/2 pathogenic variant, germline or tumor (ovary)",
                      {"negative", "brca1", "brca2"});
    sdk::AddPathwayIndicators(d);
    sdk::AddRateIndicator(d, kMmrTestingRate, "MMR testing of endometrial cancers before treatment",
                          "endometrial cancers with an MMR result recorded when treatment "
                          "started",
                          "endometrial cancers that started treatment");
    return d;
  }

 protected:
  absl::Status CheckCaseData(const v1::Case& c, const sdk::Facts& facts) const override {
    RETURN_IF_ERROR(CheckSiteAgreesWithDiagnosis(facts, c.diagnosis().code()));
    return CheckStageValidForSite(facts, c.diagnosis().code());
  }

  absl::Status CheckBeforeTreatment(const v1::Case&, const sdk::Facts& facts) const override {
    return CheckMmrBeforeTreatment(facts);
  }

  sdk::FollowUpSchedule Schedule(const v1::Case& c) const override { return ScheduleFor(c); }

  std::string Tier(const sdk::Facts& facts) const override { return TierFor(facts); }

  std::vector<v1::IndicatorEntry> OwnIndicatorItems(
      const v1::PatientState& state) const override {
    return sdk::TreatedCaseItems(
        kPluginId, kMmrTestingRate, state, IsEndometrial,
        [](const sdk::Facts& known) { return sdk::AllRecorded(known, {"mmr"}); });
  }
};

}  // namespace
}  // namespace casehub::plugins::gynecologic

CASEHUB_PLUGIN(casehub::plugins::gynecologic::GynecologicPlugin)
