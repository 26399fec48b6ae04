// The scripted plugin (scripted_plugin.cc): a plugin that answers the hub
// with bytes chosen by a fuzz input, so that a fuzzer can play a broken or
// hostile plugin. Besides casehub_plugin_entry it exports
// casehub_scripted_plugin_set, which the fuzzer finds with dlsym on the same
// file the hub loads (dlopen returns the one handle).
#pragma once

#include <stddef.h>
#include <stdint.h>

extern "C" {

// What one ABI call returns: its code and the bytes it writes to the sink.
struct casehub_scripted_reply {
  int code;
  const uint8_t* data;
  size_t size;
};

// The replies of each ABI function. Calls take the replies of their list in
// order and then repeat the last; an empty list answers OK with no bytes
// (an empty message). The pointers must stay valid until the next set.
struct casehub_scripted_replies {
  casehub_scripted_reply describe;
  casehub_scripted_reply configure;
  const casehub_scripted_reply* validate;
  size_t validate_count;
  const casehub_scripted_reply* react;
  size_t react_count;
  const casehub_scripted_reply* indicator_items;
  size_t indicator_items_count;
};

#define CASEHUB_SCRIPTED_PLUGIN_SET_SYMBOL "casehub_scripted_plugin_set"
// Replaces the script and starts every list from its first reply again.
typedef void (*casehub_scripted_plugin_set_fn)(const casehub_scripted_replies* replies);

}  // extern "C"
