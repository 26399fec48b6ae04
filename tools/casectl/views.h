// Renderings of records that more than one command shows.
#ifndef CASEHUB_TOOLS_CASECTL_VIEWS_H_
#define CASEHUB_TOOLS_CASECTL_VIEWS_H_

#include <string>

#include "casehub/v1/alert.pb.h"
#include "casehub/v1/case.pb.h"
#include "casehub/v1/task.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "tools/casectl/table.h"

namespace casehub::casectl {

// ID, TUMOR, DIAGNOSIS, STAGE, STATUS, SITE.
Table CaseTable(const google::protobuf::RepeatedPtrField<v1::Case>& cases);

// "open", "open (overdue)", "completed", ...
std::string TaskState(const v1::Task& task);

// "raised", "acknowledged (escalated)", "closed", ...
std::string AlertState(const v1::Alert& alert);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_VIEWS_H_
