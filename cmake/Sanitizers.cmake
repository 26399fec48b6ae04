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

# Coverage instrumentation for the code under test, so the fuzzer sees which
# of our branches an input reaches; only the fuzz targets link libFuzzer.
if(CASEHUB_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
