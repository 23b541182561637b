//===- MatmulStep.cpp - A plan's Matmul step on an OpenCL device ---------===//

#include "runtime/opencl/MatmulStep.h"

#include "runtime/Error.h"
#include "runtime/Tensor.h"
#include "runtime/opencl/Gemm.h"

namespace sluice::runtime::opencl {

void runMatmulStep(Context &context, const Plan &plan, const Step &step,
                   const std::vector<int64_t> &dims,
                   const std::function<cl_mem(int32_t)> &bufferOf) {
  std::string what =
      "matmul step '" + step.name + "' of model '" + plan.model + "'";
  if (step.buffers.size() != 3)
    throw Error("OpenCL: " + what + " needs 3 buffers (lhs, rhs, out), has " +
                std::to_string(step.buffers.size()));
  int64_t batch = step.batch.evaluate(dims), m = step.rows.evaluate(dims);
  int64_t k = step.contraction.evaluate(dims),
          n = step.columns.evaluate(dims);
  DType dtype = plan.buffers.at(step.buffers[2]).dtype;
  for (int32_t b : step.buffers)
    if (plan.buffers.at(b).dtype != dtype ||
        (dtype != DType::F32 && dtype != DType::F64))
      throw Error("OpenCL: " + what + " has a " +
                  dtypeName(plan.buffers[b].dtype) + " operand ('" +
                  plan.buffers[b].name + "') and a " + dtypeName(dtype) +
                  " result; matrix products on OpenCL are f32 or f64 "
                  "throughout (CLBlast sgemm, dgemm)");
  int64_t rows, lhsSize, outSize, rhsSize, rhsSizes;
  if (!multiplySizes(batch, m, rows) || !multiplySizes(rows, k, lhsSize) ||
      !multiplySizes(rows, n, outSize) || !multiplySizes(k, n, rhsSize) ||
      !multiplySizes(rhsSize, batch, rhsSizes))
    throw Error("OpenCL: " + what + " has sizes that overflow int64");
  if (batch <= 0 || m <= 0 || n <= 0)
    return;
  GemmShape shape;
  GemmOperand lhs{bufferOf(step.buffers[0]), 0, static_cast<size_t>(k), 0};
  GemmOperand rhs{bufferOf(step.buffers[1]), 0, static_cast<size_t>(n), 0};
  GemmOperand out{bufferOf(step.buffers[2]), 0, static_cast<size_t>(n), 0};
  shape.n = static_cast<size_t>(n);
  shape.k = static_cast<size_t>(k);
  if (step.rhsBatched && batch > 1) {
    shape.m = static_cast<size_t>(m);
    shape.batch = static_cast<size_t>(batch);
    lhs.batchStride = static_cast<size_t>(m * k);
    rhs.batchStride = static_cast<size_t>(k * n);
    out.batchStride = static_cast<size_t>(m * n);
  } else {
    // One rhs for every batch: the batches' rows are one [batch*m, k] lhs.
    shape.m = static_cast<size_t>(rows);
  }
  try {
    if (dtype == DType::F64)
      dgemm(context, shape, lhs, rhs, out);
    else
      sgemm(context, shape, lhs, rhs, out);
  } catch (const Error &error) {
    throw Error(std::string(error.what()) + " (" + what + ")");
  }
}

} // namespace sluice::runtime::opencl
