// One-line, human-readable summaries of timeline events.
#ifndef CASEHUB_TOOLS_CASECTL_EVENT_SUMMARY_H_
#define CASEHUB_TOOLS_CASECTL_EVENT_SUMMARY_H_

#include <string>

#include "casehub/v1/event.pb.h"

namespace casehub::casectl {

// What happened, e.g. "lab 751-8 = 0.8 10*9/L" or "stage staging → mdt".
std::string SummarizeEvent(const v1::Event& event);

// Who did it: the plugin for a derived event, else the acting principal.
std::string EventAuthor(const v1::Event& event);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_EVENT_SUMMARY_H_
