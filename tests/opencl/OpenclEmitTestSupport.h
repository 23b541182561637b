//===- OpenclEmitTestSupport.h - Models printed as OpenCL C -----*- C++ -*-===//
//
// What the OpenCL code generator's tests share: a model file compiled like
// `sluice dump --stage opencl` (the `cpu` stage's plan and kernels, printed),
// and the build options the printed programs are built with.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_TESTS_OPENCL_OPENCLEMITTESTSUPPORT_H
#define SLUICE_TESTS_OPENCL_OPENCLEMITTESTSUPPORT_H

#include "OpenclTestSupport.h"

#include "runtime/Plan.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sluice::runtime::opencl::testing {

/// One model of a file: its plan and its program's OpenCL C source.
struct EmittedModel {
  runtime::Plan plan;
  std::string source;
  /// codegen::opencl::privateArrayBytes of its kernels.
  std::map<std::string, int64_t> privateBytes;
};

/// Every model of `file` (relative to the source tree), compiled to the
/// `recognized` stage, planned with the default CpuOptions and printed.
std::vector<EmittedModel> emitModels(const std::string &file);

/// The model files, relative to the source tree: examples/*.sl and the
/// tests/Run/*.sl that define a model (some only drive `sluice` with other
/// files), sorted.
std::vector<std::string> modelFiles();

/// The text of `path`.
std::string readFile(const std::string &path);

/// `source` with the flag-word one-pass kernels' words written with tag 0
/// (KernelAbi.h: no epoch has it), so their look-backs wait until the spin
/// limit: a run that gives the status error ran such a kernel. Sets
/// `replaced` to the words changed (2 map words and 1 carry-out word a
/// kernel).
std::string withoutWordPublishing(std::string source, int &replaced);

} // namespace sluice::runtime::opencl::testing

#endif // SLUICE_TESTS_OPENCL_OPENCLEMITTESTSUPPORT_H
