# CASEHUB_SANITIZE: everything this project compiles and links gets ASan and
# UBSan; a finding stops the process (no recovery), so a test that trips one
# fails. System libraries (gRPC, RocksDB, protobuf, abseil) stay
# uninstrumented: ASan still sees their heap through the interposed malloc.
#
# CASEHUB_FUZZ: the libFuzzer targets of tests/fuzz. Needs clang, and implies
# CASEHUB_SANITIZE: a fuzzer only finds what the sanitizers report, and the
# coverage hooks our code then calls come from their runtime (weak no-ops in
# every binary that is not a fuzzer).
option(CASEHUB_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(CASEHUB_FUZZ "Build the libFuzzer targets under tests/fuzz (clang only)" OFF)

if(CASEHUB_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR
      "CASEHUB_FUZZ=ON needs clang for libFuzzer, but the C++ compiler is "
      "${CMAKE_CXX_COMPILER_ID} (${CMAKE_CXX_COMPILER}). Configure a fresh build "
      "directory with CC=clang-14 CXX=clang++-14 (packages clang-14, libclang-rt-14-dev).")
  endif()
  if(NOT CASEHUB_SANITIZE)
    message(STATUS "CASEHUB_FUZZ=ON turns on CASEHUB_SANITIZE")
    set(CASEHUB_SANITIZE ON CACHE BOOL "" FORCE)
  endif()
endif()

if(CASEHUB_SANITIZE)
  set(casehub_sanitize_flags
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${casehub_sanitize_flags})
  add_link_options(-fsanitize=address,undefined)
endif()

# Under the sanitizers e2e.out_of_tree_plugin cannot pass: it builds a plugin
# and that plugin's own test with the system compiler against this build's
# installed SDK, whose libraries are instrumented and then need a sanitizer
# runtime that compiler does not link. It is left out of that build only
# (ctest reads CTestCustom.cmake from the build tree); every other build runs it.
if(CASEHUB_SANITIZE)
  message(STATUS "sanitized build: ctest leaves out e2e.out_of_tree_plugin (cmake/Sanitizers.cmake)")
  file(WRITE ${CMAKE_BINARY_DIR}/CTestCustom.cmake
       "set(CTEST_CUSTOM_TESTS_IGNORE e2e.out_of_tree_plugin)\n")
else()
  file(REMOVE ${CMAKE_BINARY_DIR}/CTestCustom.cmake)
endif()

# Coverage instrumentation for the code under test, so the fuzzer sees which
# of our branches an input reaches; only the fuzz targets link libFuzzer.
if(CASEHUB_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
