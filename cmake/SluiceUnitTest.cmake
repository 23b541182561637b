# sluice_unit_test(NAME SOURCES ... LIBS ... [MLIR]): a gtest executable and
# its ctest entry (tests/unit, tests/opencl; also in the runtime-only build).
find_package(GTest REQUIRED)

## Adds gtest executable `name` from `sources`, linked with `libs`, as a test.
function(sluice_unit_test name)
  cmake_parse_arguments(ARG "MLIR" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest_main)
  if(ARG_MLIR)
    target_link_libraries(${name} PRIVATE ${SLUICE_MLIR_LIBS})
    sluice_mlir_target(${name})
  endif()
  add_test(NAME ${name} COMMAND ${name})
endfunction()
