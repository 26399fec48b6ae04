# casehub_add_plugin(NAME SOURCES...): a plugin shared object,
# libcasehub_NAME.so, that exports only casehub_plugin_entry.
#
# The same file serves the casehub build (which sets
# CASEHUB_PLUGIN_OUTPUT_DIRECTORY to build/plugins and has casehub_strict)
# and the installed casehub package, where an outside author's plugin goes
# wherever that project puts its libraries unless it sets the variable too.
function(casehub_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE casehub::plugin_sdk)
  set_target_properties(${name} PROPERTIES
    PREFIX "libcasehub_"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(CASEHUB_PLUGIN_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY ${CASEHUB_PLUGIN_OUTPUT_DIRECTORY})
  endif()
  if(COMMAND casehub_strict)
    casehub_strict(${name})
  endif()
endfunction()
