//===- MatmulStep.h - A plan's Matmul step on an OpenCL device --*- C++ -*-===//
#ifndef SLUICE_RUNTIME_OPENCL_MATMULSTEP_H
#define SLUICE_RUNTIME_OPENCL_MATMULSTEP_H

#include "runtime/Plan.h"
#include "runtime/opencl/Context.h"
#include "runtime/opencl/Gemm.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace sluice::runtime::opencl {

/// The product a Matmul step runs at some dims: its shape and its
/// operands' offsets, leading dimensions and batch strides (buffers unset).
struct MatmulStepGemm {
  GemmShape shape;
  GemmOperand lhs, rhs, out;
  DType dtype = DType::F32;
};

/// The product `plan`'s Matmul step `step` runs with `dims` bound, or
/// nullopt when it is empty (a zero batch, m or n). Throws Error naming the
/// step as runMatmulStep does.
std::optional<MatmulStepGemm> matmulStepGemm(const Plan &plan, const Step &step,
                                             const std::vector<int64_t> &dims);

/// The f32 products `plan`'s Matmul steps (Loop bodies included) run with
/// `dims` bound, one a size class (gemmSizeClass; the one of most
/// multiply-adds), in plan order: what the tuner tunes.
std::vector<GemmShape> sgemmShapesOf(const Plan &plan,
                                     const std::vector<int64_t> &dims);

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
