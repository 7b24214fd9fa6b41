# libFuzzer support, on with -DPW_BUILD_FUZZERS=ON (clang only; other compilers skip it).
#
# A fuzzing build is its own build directory: everything in it is compiled with coverage
# instrumentation and ASan/UBSan (-fsanitize=fuzzer-no-link,address,undefined), so the
# fuzzers explore the daemon's libraries, not only their own file:
#
#   CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DPW_BUILD_FUZZERS=ON
#   cmake --build build-fuzz --target url_fuzzer && ctest --test-dir build-fuzz -L fuzz
#
# pw_add_fuzzer(<name> <source>... [LINK <library>...] [CORPUS <dir>] [DICT <file>])
#   Builds the libFuzzer binary <name> and registers two tests labelled "fuzz":
#     <name>_replay  runs every seed of CORPUS once (-runs=0): a regression test;
#     <name>         fuzzes for PW_FUZZ_SECONDS seconds, starting from the seeds, writing new
#                    inputs to a scratch corpus in the build tree (never to the seeds).
set(PW_FUZZ_SECONDS 20 CACHE STRING "How long the fuzz tests run each fuzzer (seconds)")

set(PW_FUZZING OFF)
if(PW_BUILD_FUZZERS)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    set(PW_FUZZING ON)
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
      -fno-sanitize-recover=all -fsanitize-ignorelist=${PROJECT_SOURCE_DIR}/cmake/fuzz_ignorelist.txt)
    add_link_options(-fsanitize=address,undefined)
  else()
    message(WARNING "PW_BUILD_FUZZERS needs clang (CXX is ${CMAKE_CXX_COMPILER_ID}); "
      "no fuzzers are built")
  endif()
endif()

function(pw_add_fuzzer name)
  if(NOT PW_FUZZING)
    return()
  endif()
  cmake_parse_arguments(PARSE_ARGV 1 FUZZ "" "CORPUS;DICT" "LINK")
  add_executable(${name} ${FUZZ_UNPARSED_ARGUMENTS})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${name} PRIVATE ${FUZZ_LINK} pw_warnings)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/fuzz)

  set(options -max_len=8192)
  if(FUZZ_DICT)
    list(APPEND options -dict=${FUZZ_DICT})
  endif()
  set(scratch ${CMAKE_CURRENT_BINARY_DIR}/${name}_corpus)
  file(MAKE_DIRECTORY ${scratch})
  if(FUZZ_CORPUS)
    add_test(NAME ${name}_replay COMMAND ${name} ${options} -runs=0 ${FUZZ_CORPUS})
    set_tests_properties(${name}_replay PROPERTIES LABELS fuzz)
  endif()
  add_test(NAME ${name}
    COMMAND ${name} ${options} -max_total_time=${PW_FUZZ_SECONDS} -print_final_stats=1
      ${scratch} ${FUZZ_CORPUS})
  math(EXPR timeout "${PW_FUZZ_SECONDS} * 3 + 60")
  set_tests_properties(${name} PROPERTIES LABELS fuzz TIMEOUT ${timeout})
endfunction()
