# `cmake --install`: the libraries, the public headers, sluice, sluice-opt,
# sluice-run and a sluiceConfig.cmake, so that an application does
#   find_package(sluice REQUIRED)
#   target_link_libraries(app PRIVATE sluice::runtime)   # loadArtifact only
#   target_link_libraries(app PRIVATE sluice::sluice)    # compile + JIT
# (docs/USAGE.md, "Installing"; tested by tests/install/embed-installed.sh).

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SLUICE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/sluice)
set(SLUICE_INCLUDE_DIRS ${CMAKE_INSTALL_INCLUDEDIR} ${CMAKE_INSTALL_INCLUDEDIR}/sluice)

# sluice::runtime: the artifact API and the runtime (no LLVM or MLIR).
set_target_properties(sluice_runtime_api PROPERTIES EXPORT_NAME runtime)
set_target_properties(sluice_runtime PROPERTIES EXPORT_NAME runtime_core)
set_target_properties(SluiceRunTool PROPERTIES EXPORT_NAME run_tool)
target_include_directories(sluice_runtime_api INTERFACE
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/sluice>)
set(SLUICE_RUNTIME_LIBS sluice_runtime sluice_runtime_api)
# The OpenCL runtime, when built: sluice::runtime runs OpenCL artifacts too.
set(SLUICE_CONFIG_OPENCL OFF)
set(SLUICE_CONFIG_CLBLAST OFF)
if(TARGET sluice_runtime_opencl)
  set_target_properties(sluice_runtime_opencl PROPERTIES EXPORT_NAME runtime_opencl)
  list(APPEND SLUICE_RUNTIME_LIBS sluice_runtime_opencl)
  set(SLUICE_CONFIG_OPENCL ON)
  if(TARGET clblast)
    set(SLUICE_CONFIG_CLBLAST ON)
  endif()
endif()
install(TARGETS ${SLUICE_RUNTIME_LIBS} EXPORT sluiceRuntimeTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}/sluice)
install(EXPORT sluiceRuntimeTargets NAMESPACE sluice:: DESTINATION ${SLUICE_CMAKE_DIR})
install(TARGETS sluice-run RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# sluice.h includes "runtime/Error.h" and "runtime/Tensor.h" next to it;
# runtime/HostBlockPool.h sets the pool of freed host blocks (USAGE.md).
install(FILES include/sluice/sluice.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/sluice)
install(FILES runtime/Error.h runtime/Tensor.h runtime/HostBlockPool.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/sluice/runtime)

if(NOT SLUICE_RUNTIME_ONLY)
  # sluice::sluice: the compiler and JIT (static libraries over the shared
  # libMLIR/libLLVM, which sluiceConfig.cmake finds again).
  set(SLUICE_COMPILER_LIBS SluiceDriver SluiceCpuCodegen sluice_codegen_opencl SluiceReference
      SluiceIRGen SluiceFrontend SluiceIR SluicePasses SluiceRegistration)
  set_target_properties(sluice_api PROPERTIES EXPORT_NAME sluice)
  foreach(lib ${SLUICE_COMPILER_LIBS})
    set_target_properties(${lib} PROPERTIES EXPORT_NAME internal_${lib})
  endforeach()
  target_include_directories(sluice_api INTERFACE
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/sluice>)
  install(TARGETS sluice_api ${SLUICE_COMPILER_LIBS} EXPORT sluiceTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}/sluice)
  install(EXPORT sluiceTargets NAMESPACE sluice:: DESTINATION ${SLUICE_CMAKE_DIR})
  install(TARGETS sluice sluice-opt RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

configure_package_config_file(cmake/sluiceConfig.cmake.in
  ${PROJECT_BINARY_DIR}/sluiceConfig.cmake
  INSTALL_DESTINATION ${SLUICE_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/sluiceConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/sluiceConfig.cmake
              ${PROJECT_BINARY_DIR}/sluiceConfigVersion.cmake
  DESTINATION ${SLUICE_CMAKE_DIR})
