//===- MatmulStep.h - A plan's Matmul step on an OpenCL device --*- C++ -*-===//
#ifndef SLUICE_RUNTIME_OPENCL_MATMULSTEP_H
#define SLUICE_RUNTIME_OPENCL_MATMULSTEP_H

#include "runtime/Plan.h"
#include "runtime/opencl/Context.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace sluice::runtime::opencl {

/// Runs `plan`'s Matmul step `step` with `dims` bound: out[b] = lhs[b] @
/// rhs[b] (or the one shared rhs) through CLBlast's sgemm or dgemm, on
/// the device memory `bufferOf` gives for each plan buffer. Throws Error
/// naming the step for a wrong buffer count, a dtype other than f32 or
/// f64 throughout, sizes that overflow, or a failed GEMM.
void runMatmulStep(Context &context, const Plan &plan, const Step &step,
                   const std::vector<int64_t> &dims,
                   const std::function<cl_mem(int32_t)> &bufferOf);

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_MATMULSTEP_H
