// The keys of the myelosuppression module's febrile-neutropenia risk form
// (clinical-rules.md §2.3): an assessment answers every one of them.
#pragma once

namespace casehub::bench {

inline constexpr const char* kFnRiskFactors[] = {
    "age_gt_65_full_dose",       "prior_chemo_or_rt",
    "persistent_neutropenia",    "bone_marrow_involvement",
    "recent_surgery_open_wound", "liver_dysfunction",
    "renal_dysfunction",         "prior_FN",
    "poor_ps_or_nutrition",      "advanced_disease",
    "active_infection",          "cardiovascular_disease",
    "multiple_comorbidities",    "HIV"};

}  // namespace casehub::bench
