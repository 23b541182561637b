//===- Gemm.h - Matrix products on an OpenCL device (CLBlast) --*- C++ -*-===//
//
// Single- and double-precision GEMM through CLBlast's C API, for the plan
// executor's Matmul steps: C = alpha * op(A) * op(B) + beta * C, row-major,
// plain or strided-batched, on the context's queue. Errors name the CLBlast routine,
// the shape and the status (OpenCL's name or CLBlast's own).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_GEMM_H
#define SLUICE_RUNTIME_OPENCL_GEMM_H

#include "runtime/opencl/Context.h"

#include <cstddef>
#include <cstdint>

namespace sluice::runtime::opencl {

/// One operand of a GEMM: a buffer, the element offset of the first matrix,
/// its leading dimension (row stride, in elements), and the element stride
/// between the matrices of a batch.
struct GemmOperand {
  cl_mem buffer = nullptr;
  size_t offset = 0;
  size_t leadingDim = 0;
  size_t batchStride = 0;
};

/// The sizes of C = alpha * op(A)[m x k] * op(B)[k x n] + beta * C[m x n].
struct GemmShape {
  size_t m = 0, n = 0, k = 0;
  bool transposeA = false, transposeB = false;
  float alpha = 1, beta = 0;
  /// Matrices in the batch (1: a plain GEMM).
  size_t batch = 1;
};

/// The name of a CLBlast status ("CLBlastInvalidLeadDimA", or the OpenCL
/// name of the shared codes).
const char *clblastStatusName(int status);

/// Whether this build has CLBlast (false: sgemm and dgemm throw).
bool haveClblast();

/// Runs the (batched) SGEMM on `context`'s queue and waits for it. Row-major
/// operands of f32. CLBlast's Xgemm kernel gets the tuning cache's
/// parameters for the device and the shape's size class, if any
/// (GemmTuning.h). An m or n of 0 does nothing; a k of 0 scales C by beta
/// (CLBlast rejects k = 0, so a small kernel of sluice's does it). Throws
/// Error with the routine, shape and status.
void sgemm(Context &context, const GemmShape &shape, const GemmOperand &a,
           const GemmOperand &b, const GemmOperand &c);

/// sgemm with the Xgemm parameters CLBlast holds for the device now, without
/// first handing it the tuning cache's (GemmTuning.h, useTunedXgemm): the
/// tuner's call.
void sgemmAsConfigured(Context &context, const GemmShape &shape,
                       const GemmOperand &a, const GemmOperand &b,
                       const GemmOperand &c);

/// The same for f64 operands (CLBlast's dgemm; alpha and beta widened).
/// Throws Error when the device has no cl_khr_fp64.
void dgemm(Context &context, const GemmShape &shape, const GemmOperand &a,
           const GemmOperand &b, const GemmOperand &c);

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_GEMM_H
