// A plugin that replays a script (scripted_plugin.h). Not thread-safe: the
// fuzz target that drives it runs one command at a time.
#include "tests/fuzz/scripted_plugin.h"

#include "casehub/plugin_abi.h"

namespace {

casehub_scripted_replies script = {};
size_t validate_next = 0;
size_t react_next = 0;
size_t indicator_items_next = 0;

int Answer(const casehub_scripted_reply& reply, casehub_sink out) {
  if (reply.size > 0) out.write(out.context, reply.data, reply.size);
  return reply.code;
}

int AnswerFromList(const casehub_scripted_reply* list, size_t count, size_t& next,
                   casehub_sink out) {
  if (count == 0) return CASEHUB_PLUGIN_OK;
  const casehub_scripted_reply& reply = list[next < count ? next : count - 1];
  ++next;
  return Answer(reply, out);
}

int Describe(casehub_sink out) { return Answer(script.describe, out); }

int Configure(const uint8_t*, size_t, casehub_sink error_out) {
  return Answer(script.configure, error_out);
}

int Validate(const uint8_t*, size_t, casehub_sink out) {
  return AnswerFromList(script.validate, script.validate_count, validate_next, out);
}

int React(const uint8_t*, size_t, casehub_sink out) {
  return AnswerFromList(script.react, script.react_count, react_next, out);
}

int IndicatorItems(const uint8_t*, size_t, casehub_sink out) {
  return AnswerFromList(script.indicator_items, script.indicator_items_count,
                        indicator_items_next, out);
}

constexpr casehub_plugin_v1 kTable = {CASEHUB_PLUGIN_ABI_VERSION, sizeof(casehub_plugin_v1),
                                      &Describe,  &Validate, &React, &Configure,
                                      &IndicatorItems};

}  // namespace

extern "C" __attribute__((visibility("default"))) const casehub_plugin_v1*
casehub_plugin_entry(void) {
  return &kTable;
}

extern "C" __attribute__((visibility("default"))) void casehub_scripted_plugin_set(
    const casehub_scripted_replies* replies) {
  script = *replies;
  validate_next = 0;
  react_next = 0;
  indicator_items_next = 0;
}
