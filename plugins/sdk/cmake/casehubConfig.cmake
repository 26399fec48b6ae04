# The casehub plugin SDK, for building a plugin outside the casehub tree:
#
#   find_package(casehub CONFIG REQUIRED)
#   casehub_add_plugin(colorectal colorectal_plugin.cc)
#
# Targets: casehub::plugin_sdk (what a plugin links), casehub::proto (the
# contract's messages, a shared library the hub provides at run time) and
# casehub::plugin_abi (the C ABI header alone, for loaders and tests).
include(CMakeFindDependencyMacro)
find_dependency(Protobuf)
find_dependency(absl CONFIG)

include(${CMAKE_CURRENT_LIST_DIR}/casehubTargets.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/casehubAddPlugin.cmake)
