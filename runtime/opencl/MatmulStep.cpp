//===- MatmulStep.cpp - A plan's Matmul step on an OpenCL device ---------===//

#include "runtime/opencl/MatmulStep.h"

#include "runtime/Error.h"
#include "runtime/Tensor.h"
#include "runtime/opencl/Gemm.h"
#include "runtime/opencl/GemmTuning.h"

#include <algorithm>

namespace sluice::runtime::opencl {

namespace {
/// "matmul step 'NAME' of model 'MODEL'", for errors.
std::string describeStep(const Plan &plan, const Step &step) {
  return "matmul step '" + step.name + "' of model '" + plan.model + "'";
}

/// Adds the f32 products of `steps` (Loop bodies included) to `shapes`, one
/// a size class: the one of most multiply-adds.
void collectSgemms(const Plan &plan, const std::vector<Step> &steps,
                   const std::vector<int64_t> &dims,
                   std::vector<GemmShape> &shapes) {
  for (const Step &step : steps) {
    if (step.kind == Step::Kind::Loop)
      collectSgemms(plan, step.body, dims, shapes);
    if (step.kind != Step::Kind::Matmul)
      continue;
    std::optional<MatmulStepGemm> gemm = matmulStepGemm(plan, step, dims);
    if (!gemm || gemm->dtype != DType::F32 || gemm->shape.k == 0)
      continue;
    const GemmShape &shape = gemm->shape;
    auto work = [](const GemmShape &s) {
      return static_cast<double>(s.m) * s.n * s.k * s.batch;
    };
    auto same =
        std::find_if(shapes.begin(), shapes.end(), [&](const GemmShape &other) {
          return gemmSizeClass(other) == gemmSizeClass(shape);
        });
    if (same == shapes.end())
      shapes.push_back(shape);
    else if (work(shape) > work(*same))
      *same = shape;
  }
}
} // namespace

std::optional<MatmulStepGemm> matmulStepGemm(const Plan &plan, const Step &step,
                                             const std::vector<int64_t> &dims) {
  std::string what = describeStep(plan, step);
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
    return std::nullopt;
  MatmulStepGemm gemm;
  gemm.dtype = dtype;
  gemm.lhs = {nullptr, 0, static_cast<size_t>(k), 0};
  gemm.rhs = {nullptr, 0, static_cast<size_t>(n), 0};
  gemm.out = {nullptr, 0, static_cast<size_t>(n), 0};
  gemm.shape.n = static_cast<size_t>(n);
  gemm.shape.k = static_cast<size_t>(k);
  if (step.rhsBatched && batch > 1) {
    gemm.shape.m = static_cast<size_t>(m);
    gemm.shape.batch = static_cast<size_t>(batch);
    gemm.lhs.batchStride = static_cast<size_t>(m * k);
    gemm.rhs.batchStride = static_cast<size_t>(k * n);
    gemm.out.batchStride = static_cast<size_t>(m * n);
  } else {
    // One rhs for every batch: the batches' rows are one [batch*m, k] lhs.
    gemm.shape.m = static_cast<size_t>(rows);
  }
  return gemm;
}


std::vector<GemmShape> sgemmShapesOf(const Plan &plan,
                                     const std::vector<int64_t> &dims) {
  std::vector<GemmShape> shapes;
  // Room for the loop counters, as the executor binds them (a product in a
  // loop whose size names its counter: at the counter's first value, 0).
  std::vector<int64_t> bound = dims;
  bound.resize(plan.dimNames.size() + plan.numCounters, 0);
  collectSgemms(plan, plan.steps, bound, shapes);
  return shapes;
}

void runMatmulStep(Context &context, const Plan &plan, const Step &step,
                   const std::vector<int64_t> &dims,
                   const std::function<cl_mem(int32_t)> &bufferOf) {
  std::optional<MatmulStepGemm> gemm = matmulStepGemm(plan, step, dims);
  if (!gemm)
    return;
  gemm->lhs.buffer = bufferOf(step.buffers[0]);
  gemm->rhs.buffer = bufferOf(step.buffers[1]);
  gemm->out.buffer = bufferOf(step.buffers[2]);
  try {
    if (gemm->dtype == DType::F64)
      dgemm(context, gemm->shape, gemm->lhs, gemm->rhs, gemm->out);
    else
      sgemm(context, gemm->shape, gemm->lhs, gemm->rhs, gemm->out);
  } catch (const Error &error) {
    throw Error(std::string(error.what()) + " (" + describeStep(plan, step) +
                ")");
  }
}

} // namespace sluice::runtime::opencl
