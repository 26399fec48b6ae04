/* The casehub plugin ABI, version 1.
 *
 * A plugin is a shared object that exports one C function,
 * casehub_plugin_entry, returning a table of function pointers. The hub
 * dlopen()s the file, reads abi_version first and refuses any version but its
 * own, naming both. Every message crossing this boundary is a serialized
 * protobuf message from proto/casehub/v1/plugin_abi.proto, so the two sides
 * share no C++ types and a plugin built separately keeps working.
 *
 * Ownership: input buffers belong to the hub and are valid only during the
 * call. Output goes through a casehub_sink: the plugin calls sink.write with a
 * buffer it owns, and the hub copies it before write returns. The table
 * returned by casehub_plugin_entry belongs to the plugin and must stay valid
 * for the life of the process (plugins are never unloaded).
 *
 * Threading: the hub calls describe and then configure once at load, then
 * validate and react from many threads at once; after configure, plugins
 * must be stateless or thread-safe.
 * No C++ exception may cross this boundary.
 *
 * Growth: struct_size lets later minor versions append fields; the hub reads
 * only the fields that fit in the struct_size the plugin reports.
 */
#ifndef CASEHUB_PLUGIN_ABI_H_
#define CASEHUB_PLUGIN_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CASEHUB_PLUGIN_ABI_VERSION 1u
#define CASEHUB_PLUGIN_ENTRY_SYMBOL "casehub_plugin_entry"

/* Where a plugin writes its output. Owned by the hub. */
typedef struct casehub_sink {
  void* context;
  void (*write)(void* context, const uint8_t* data, size_t size);
} casehub_sink;

/* Return codes of the functions below. */
#define CASEHUB_PLUGIN_OK 0
#define CASEHUB_PLUGIN_BAD_INPUT 1 /* the request did not parse */
#define CASEHUB_PLUGIN_FAILED 2    /* the plugin failed internally */

typedef struct casehub_plugin_v1 {
  /* Must be CASEHUB_PLUGIN_ABI_VERSION as the plugin was compiled. */
  uint32_t abi_version;
  /* sizeof(casehub_plugin_v1) as the plugin was compiled. */
  uint32_t struct_size;
  /* Writes a serialized casehub.v1.PluginDescriptor. */
  int (*describe)(casehub_sink out);
  /* request: serialized casehub.v1.ValidateRequest.
   * Writes a serialized casehub.v1.ValidateResponse. */
  int (*validate)(const uint8_t* request, size_t size, casehub_sink out);
  /* request: serialized casehub.v1.ReactRequest.
   * Writes a serialized casehub.v1.ReactResponse. */
  int (*react)(const uint8_t* request, size_t size, casehub_sink out);
  /* settings: the plugin's settings text from the hub config (may be empty).
   * On refusal, writes a message saying what is wrong and returns
   * CASEHUB_PLUGIN_BAD_INPUT; the hub then refuses to start. */
  int (*configure)(const uint8_t* settings, size_t size, casehub_sink error_out);

  /* --- ABI 1.1: read only when struct_size covers it; may be NULL. --- */

  /* request: serialized casehub.v1.IndicatorItemsRequest.
   * Writes a serialized casehub.v1.IndicatorItemsResponse. */
  int (*indicator_items)(const uint8_t* request, size_t size, casehub_sink out);
} casehub_plugin_v1;

/* The size of an ABI 1.0 table, the smallest a hub accepts. */
#define CASEHUB_PLUGIN_V1_0_SIZE offsetof(casehub_plugin_v1, indicator_items)

/* The one symbol a plugin exports. */
typedef const casehub_plugin_v1* (*casehub_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* CASEHUB_PLUGIN_ABI_H_ */
