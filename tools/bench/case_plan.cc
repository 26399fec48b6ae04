#include "tools/bench/case_plan.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace casehub::bench {
namespace {

// A TNM combination and the AJCC 8th stage group it gives.
struct Tnm {
  const char* t;
  const char* n;
  const char* m;
  const char* group;
};

void AddTnm(const Tnm& tnm, Facts& facts) {
  facts.insert(facts.end(),
               {{"tnm_t", tnm.t}, {"tnm_n", tnm.n}, {"tnm_m", tnm.m}, {"stage_group", tnm.group}});
}

std::string Percent(Random& random, int low, int high) {
  return absl::StrCat(Between(random, low, high));
}

// HER2 by IHC, with the ISH that an equivocal 2+ requires.
void AddHer2(Random& random, Facts& facts) {
  const char* ihc = Pick(random, {"0", "1+", "1+", "2+", "3+"});
  facts.emplace_back("her2_ihc", ihc);
  if (std::string(ihc) == "2+") {
    facts.emplace_back("her2_ish", Pick(random, {"amplified", "not_amplified", "not_amplified"}));
  }
}

CasePlan Lung(Random& random) {
  CasePlan plan;
  plan.tumor_type = "lung";
  plan.icd10 = Pick(random, {"C34.0", "C34.1", "C34.1", "C34.3", "C34.9"});
  plan.diagnosis = {{"histology", Pick(random, {"adenocarcinoma", "adenocarcinoma", "squamous",
                                                "squamous", "sclc", "large_cell", "nsclc_nos"})}};
  AddTnm(Pick(random, {Tnm{"T1b", "N0", "M0", "IA2"}, Tnm{"T2a", "N0", "M0", "IB"},
                       Tnm{"T2b", "N0", "M0", "IIA"}, Tnm{"T1c", "N1", "M0", "IIB"},
                       Tnm{"T3", "N1", "M0", "IIIA"}, Tnm{"T2a", "N2", "M0", "IIIA"},
                       Tnm{"T4", "N2", "M0", "IIIB"}, Tnm{"T4", "N3", "M0", "IIIC"},
                       Tnm{"T2b", "N2", "M1a", "IVA"}, Tnm{"T3", "N2", "M1c", "IVB"}}),
         plan.staging);
  plan.staging.insert(
      plan.staging.end(),
      {{"egfr", Pick(random, {"negative", "negative", "negative", "exon19_deletion", "l858r"})},
       {"alk", Pick(random, {"negative", "negative", "negative", "negative", "positive"})},
       {"ros1", Pick(random, {"negative", "negative", "negative", "negative", "positive"})},
       {"pdl1_tps", Percent(random, 0, 100)}});
  return plan;
}

CasePlan Breast(Random& random) {
  CasePlan plan;
  plan.tumor_type = "breast";
  plan.icd10 = Pick(random, {"C50.2", "C50.4", "C50.4", "C50.8", "C50.9"});
  plan.diagnosis = {{"histology", Pick(random, {"invasive_ductal", "invasive_ductal",
                                                "invasive_ductal", "invasive_lobular", "other"})}};
  AddTnm(Pick(random, {Tnm{"T1c", "N0", "M0", "IA"}, Tnm{"T2", "N0", "M0", "IIA"},
                       Tnm{"T1c", "N1", "M0", "IIA"}, Tnm{"T2", "N1", "M0", "IIB"},
                       Tnm{"T3", "N1", "M0", "IIIA"}, Tnm{"T4b", "N2a", "M0", "IIIB"},
                       Tnm{"T2", "N3a", "M0", "IIIC"}, Tnm{"T3", "N1", "M1", "IV"}}),
         plan.staging);
  plan.staging.insert(plan.staging.end(), {{"er_percent", Percent(random, 0, 100)},
                                           {"pr_percent", Percent(random, 0, 100)},
                                           {"ki67_percent", Percent(random, 5, 80)}});
  AddHer2(random, plan.staging);
  plan.staging.emplace_back("menopausal_status",
                            Pick(random, {"premenopausal", "postmenopausal"}));
  return plan;
}

CasePlan Gastric(Random& random) {
  CasePlan plan;
  plan.tumor_type = "gastric";
  plan.icd10 = Pick(random, {"C16.0", "C16.2", "C16.3", "C16.3", "C16.9"});
  plan.diagnosis = {
      {"histology", Pick(random, {"adenocarcinoma", "adenocarcinoma", "poorly_cohesive",
                                  "mucinous"})},
      {"lauren_type", Pick(random, {"intestinal", "intestinal", "diffuse", "mixed"})}};
  // Stage IV is M1 (the M0 clinical IVA would need T4b; left out).
  AddTnm(Pick(random, {Tnm{"T1b", "N0", "M0", "IA"}, Tnm{"T2", "N0", "M0", "IB"},
                       Tnm{"T2", "N1", "M0", "IIA"}, Tnm{"T3", "N1", "M0", "IIB"},
                       Tnm{"T3", "N2", "M0", "IIIA"}, Tnm{"T4a", "N3a", "M0", "IIIB"},
                       Tnm{"T4a", "N3b", "M0", "IIIC"}, Tnm{"T3", "N2", "M1", "IV"}}),
         plan.staging);
  AddHer2(random, plan.staging);
  plan.staging.insert(plan.staging.end(), {{"mmr", Pick(random, {"pMMR", "pMMR", "pMMR", "dMMR"})},
                                           {"pdl1_cps", Percent(random, 0, 60)}});
  return plan;
}

CasePlan Gynecologic(Random& random) {
  CasePlan plan;
  plan.tumor_type = "gynecologic";
  switch (Between(random, 0, 2)) {
    case 0:
      plan.icd10 = Pick(random, {"C53.0", "C53.1", "C53.9"});
      plan.diagnosis = {{"histology", Pick(random, {"squamous", "squamous", "adenocarcinoma"})}};
      plan.staging = {{"primary_site", "cervix"},
                      {"figo_stage", Pick(random, {"IB1", "IB2", "IB3", "IIA1", "IIB", "IIIB",
                                                   "IIIC1", "IVA", "IVB"})},
                      {"hpv", Pick(random, {"positive", "positive", "negative"})}};
      break;
    case 1:
      plan.icd10 = "C54.1";
      plan.diagnosis = {
          {"histology", Pick(random, {"endometrioid", "endometrioid", "clear_cell",
                                      "carcinosarcoma"})}};
      plan.staging = {
          {"primary_site", "endometrium"},
          {"figo_stage", Pick(random, {"IA", "IA", "IB", "II", "IIIA", "IIIC1", "IVB"})},
          {"mmr", Pick(random, {"pMMR", "pMMR", "dMMR"})},
          {"p53", Pick(random, {"wild_type", "wild_type", "abnormal"})}};
      break;
    default:
      plan.icd10 = "C56";
      plan.diagnosis = {
          {"histology", Pick(random, {"high_grade_serous", "high_grade_serous",
                                      "low_grade_serous", "clear_cell", "endometrioid"})}};
      plan.staging = {{"primary_site", "ovary"},
                      {"figo_stage", Pick(random, {"IA", "IC1", "IIB", "IIIA1", "IIIC", "IIIC",
                                                   "IVA", "IVB"})},
                      {"brca", Pick(random, {"negative", "negative", "brca1", "brca2"})}};
  }
  return plan;
}

// The stage as the pathway reads it: stage_group, else figo_stage.
std::string StageOf(const Facts& staging) {
  for (const auto& [key, value] : staging) {
    if (key == "stage_group" || key == "figo_stage") return value;
  }
  return "";
}

}  // namespace

CasePlan PlanCase(Random& random) {
  // Roughly the mix of a general cancer hospital's four programs.
  const double which = Between(random, 0.0, 1.0);
  CasePlan plan = which < 0.35   ? Lung(random)
                  : which < 0.65 ? Breast(random)
                  : which < 0.85 ? Gastric(random)
                                 : Gynecologic(random);
  plan.staging.emplace_back("ecog", Pick(random, {"0", "0", "1", "1", "2"}));
  const std::string stage = StageOf(plan.staging);
  plan.metastatic = absl::StartsWith(stage, "IV");
  plan.advanced = plan.metastatic || absl::StartsWith(stage, "III");
  plan.discussed_at_mdt = Chance(random, 0.85);
  plan.chemotherapy = Chance(random, plan.advanced ? 0.75 : 0.35);
  plan.treatment_plan =
      plan.chemotherapy
          ? Pick(random, {"chemotherapy", "chemotherapy", "chemoradiotherapy", "multimodal"})
      : plan.tumor_type == "breast"
          ? Pick(random, {"surgery", "surgery", "endocrine", "radiotherapy"})
          : Pick(random, {"surgery", "surgery", "radiotherapy", "targeted", "immunotherapy"});
  return plan;
}

}  // namespace casehub::bench
