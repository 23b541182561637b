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

#include <string>
#include <vector>

namespace sluice::runtime::opencl::testing {

/// One model of a file: its plan and its program's OpenCL C source.
struct EmittedModel {
  runtime::Plan plan;
  std::string source;
};

/// Every model of `file` (relative to the source tree), compiled to the
/// `recognized` stage, planned with the default CpuOptions and printed.
std::vector<EmittedModel> emitModels(const std::string &file);

/// The text of `path`.
std::string readFile(const std::string &path);

} // namespace sluice::runtime::opencl::testing

#endif // SLUICE_TESTS_OPENCL_OPENCLEMITTESTSUPPORT_H
