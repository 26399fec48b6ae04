// What one synthetic case will be: its tumor type and ICD-10 code, the case
// data its plugin declares (values coherent with the plugin's rules: stage
// agrees with TNM or FIGO, markers recorded before treatment), and the
// treatment it gets. Decided up front; patient_history.cc records it along
// the pathway as time passes.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tools/bench/synthetic_random.h"

namespace casehub::bench {

using Facts = std::vector<std::pair<std::string, std::string>>;

struct CasePlan {
  std::string tumor_type;  // the plugin id: lung, breast, gastric or gynecologic
  std::string icd10;
  // Recorded at diagnosis, with diagnosis_date.
  Facts diagnosis;
  // Stage, performance status and markers, recorded at staging.
  Facts staging;
  bool advanced = false;    // stage III or IV
  bool metastatic = false;  // stage IV: palliative intent
  bool discussed_at_mdt = false;
  bool chemotherapy = false;
  // One of the plugins' treatment_plan codes.
  std::string treatment_plan;
};

CasePlan PlanCase(Random& random);

}  // namespace casehub::bench
