//===- Gemm.cpp - Matrix products on an OpenCL device (CLBlast) -----------===//

#include "runtime/opencl/Gemm.h"

#include "runtime/opencl/GemmTuning.h"
#include "runtime/opencl/OpenclError.h"

#ifdef SLUICE_HAVE_CLBLAST
#include <clblast_c.h>
#endif

namespace sluice::runtime::opencl {

namespace {

struct ClblastEntry {
  int status;
  const char *name;
};

/// CLBlast's own codes (the others are OpenCL's).
constexpr ClblastEntry kClblastNames[] = {
    {-1024, "CLBlastNotImplemented"},
    {-1022, "CLBlastInvalidMatrixA"},
    {-1021, "CLBlastInvalidMatrixB"},
    {-1020, "CLBlastInvalidMatrixC"},
    {-1019, "CLBlastInvalidVectorX"},
    {-1018, "CLBlastInvalidVectorY"},
    {-1017, "CLBlastInvalidDimension"},
    {-1016, "CLBlastInvalidLeadDimA"},
    {-1015, "CLBlastInvalidLeadDimB"},
    {-1014, "CLBlastInvalidLeadDimC"},
    {-1013, "CLBlastInvalidIncrementX"},
    {-1012, "CLBlastInvalidIncrementY"},
    {-1011, "CLBlastInsufficientMemoryA"},
    {-1010, "CLBlastInsufficientMemoryB"},
    {-1009, "CLBlastInsufficientMemoryC"},
    {-1008, "CLBlastInsufficientMemoryX"},
    {-1007, "CLBlastInsufficientMemoryY"},
    {-2050, "CLBlastInsufficientMemoryTemp"},
    {-2049, "CLBlastInvalidBatchCount"},
    {-2048, "CLBlastInvalidOverrideKernel"},
    {-2047, "CLBlastMissingOverrideParameter"},
    {-2046, "CLBlastInvalidLocalMemUsage"},
    {-2045, "CLBlastNoHalfPrecision"},
    {-2044, "CLBlastNoDoublePrecision"},
    {-2043, "CLBlastInvalidVectorScalar"},
    {-2042, "CLBlastInsufficientMemoryScalar"},
    {-2041, "CLBlastDatabaseError"},
    {-2040, "CLBlastUnknownError"},
    {-2039, "CLBlastUnexpectedError"},
};

/// C[i] *= beta over every matrix of the batch (row by row, as C may have a
/// leading dimension wider than n).
constexpr const char *kScaleSource = R"CL(
__kernel void sluice_gemm_scale(__global float *c, long offset, long ld,
                                long stride, float beta) {
  long col = get_global_id(0), row = get_global_id(1), b = get_global_id(2);
  long at = offset + b * stride + row * ld + col;
  c[at] = beta == 0.0f ? 0.0f : c[at] * beta;
}
)CL";

/// The same for f64 matrices (built only for dgemm: it needs cl_khr_fp64).
constexpr const char *kScaleDoubleSource = R"CL(
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
__kernel void sluice_gemm_scale_f64(__global double *c, long offset, long ld,
                                    long stride, float beta) {
  long col = get_global_id(0), row = get_global_id(1), b = get_global_id(2);
  long at = offset + b * stride + row * ld + col;
  c[at] = beta == 0.0f ? 0.0 : c[at] * (double)beta;
}
)CL";

std::string describe(const GemmShape &shape) {
  return "m=" + std::to_string(shape.m) + " n=" + std::to_string(shape.n) +
         " k=" + std::to_string(shape.k) +
         (shape.batch != 1 ? " batch=" + std::to_string(shape.batch) : "") +
         (shape.transposeA ? " A transposed" : "") +
         (shape.transposeB ? " B transposed" : "");
}

void scaleC(Context &context, const GemmShape &shape, const GemmOperand &c,
            bool f64) {
  if (shape.beta == 1.0f)
    return;
  const char *name = f64 ? "sluice_gemm_scale_f64" : "sluice_gemm_scale";
  auto program =
      context.programs().build(name, f64 ? kScaleDoubleSource : kScaleSource);
  Kernel kernel(program, name);
  kernel.launch(context.queue(),
                {KernelArg::ofBuffer(c.buffer),
                 KernelArg::ofInt64(static_cast<int64_t>(c.offset)),
                 KernelArg::ofInt64(static_cast<int64_t>(c.leadingDim)),
                 KernelArg::ofInt64(static_cast<int64_t>(c.batchStride)),
                 KernelArg::ofFloat(shape.beta)},
                {shape.n, shape.m, shape.batch});
}

} // namespace

const char *clblastStatusName(int status) {
  for (const ClblastEntry &entry : kClblastNames)
    if (entry.status == status)
      return entry.name;
  return statusName(status);
}

bool haveClblast() {
#ifdef SLUICE_HAVE_CLBLAST
  return true;
#else
  return false;
#endif
}

namespace {

/// sgemm or dgemm: the same operands, the routines of one precision.
void gemm(Context &context, const GemmShape &shape, const GemmOperand &a,
          const GemmOperand &b, const GemmOperand &c, bool f64) {
  if (shape.m == 0 || shape.n == 0 || shape.batch == 0)
    return;
  if (shape.k == 0) {
    scaleC(context, shape, c, f64);
    return;
  }
#ifdef SLUICE_HAVE_CLBLAST
  cl_command_queue queue = context.queue();
  auto transpose = [](bool yes) {
    return yes ? CLBlastTransposeYes : CLBlastTransposeNo;
  };
  CLBlastLayout layout = CLBlastLayoutRowMajor;
  CLBlastTranspose ta = transpose(shape.transposeA),
                   tb = transpose(shape.transposeB);
  CLBlastStatusCode status;
  const char *routine;
  if (shape.batch == 1 && !f64) {
    routine = "CLBlastSgemm";
    status = CLBlastSgemm(layout, ta, tb, shape.m, shape.n, shape.k,
                          shape.alpha, a.buffer, a.offset, a.leadingDim,
                          b.buffer, b.offset, b.leadingDim, shape.beta,
                          c.buffer, c.offset, c.leadingDim, &queue, nullptr);
  } else if (shape.batch == 1) {
    routine = "CLBlastDgemm";
    status = CLBlastDgemm(layout, ta, tb, shape.m, shape.n, shape.k,
                          shape.alpha, a.buffer, a.offset, a.leadingDim,
                          b.buffer, b.offset, b.leadingDim, shape.beta,
                          c.buffer, c.offset, c.leadingDim, &queue, nullptr);
  } else if (!f64) {
    routine = "CLBlastSgemmStridedBatched";
    status = CLBlastSgemmStridedBatched(
        layout, ta, tb, shape.m, shape.n, shape.k, shape.alpha, a.buffer,
        a.offset, a.leadingDim, a.batchStride, b.buffer, b.offset, b.leadingDim,
        b.batchStride, shape.beta, c.buffer, c.offset, c.leadingDim,
        c.batchStride, shape.batch, &queue, nullptr);
  } else {
    routine = "CLBlastDgemmStridedBatched";
    status = CLBlastDgemmStridedBatched(
        layout, ta, tb, shape.m, shape.n, shape.k, shape.alpha, a.buffer,
        a.offset, a.leadingDim, a.batchStride, b.buffer, b.offset, b.leadingDim,
        b.batchStride, shape.beta, c.buffer, c.offset, c.leadingDim,
        c.batchStride, shape.batch, &queue, nullptr);
  }
  if (status != CLBlastSuccess)
    throw Error(std::string("OpenCL: ") + routine + " (" + describe(shape) +
                ") failed with " + clblastStatusName(status) + " (" +
                std::to_string(status) + ") on " + context.device().deviceName);
  check(clFinish(queue), "clFinish", std::string("after ") + routine);
#else
  (void)a;
  (void)b;
  throw Error("OpenCL: this sluice was built without CLBlast, which the "
              "OpenCL target's matrix products need (" +
              describe(shape) + ")");
#endif
}

} // namespace

void sgemm(Context &context, const GemmShape &shape, const GemmOperand &a,
           const GemmOperand &b, const GemmOperand &c) {
  TunedXgemm parameters;
  if (shape.m != 0 && shape.n != 0 && shape.k != 0 && shape.batch != 0)
    parameters = useTunedXgemm(context, shape);
  if (!parameters.tuned())
    return gemm(context, shape, a, b, c, /*f64=*/false);
  try {
    gemm(context, shape, a, b, c, /*f64=*/false);
  } catch (const Error &error) {
    // A tuned kernel that does not build or run here (another driver than
    // the tuner's, a hand-edited cache): the product again with CLBlast's
    // own parameters (its failures come before any kernel of it writes C),
    // and the entry refused only when that works. Otherwise the failure
    // was not the parameters': the first error, the entry kept.
    try {
      parameters.useOwnParameters();
      gemm(context, shape, a, b, c, /*f64=*/false);
    } catch (const Error &) {
      throw error;
    }
    parameters.refuse(error.what());
  }
}

void sgemmAsConfigured(Context &context, const GemmShape &shape,
                       const GemmOperand &a, const GemmOperand &b,
                       const GemmOperand &c) {
  gemm(context, shape, a, b, c, /*f64=*/false);
}

void dgemm(Context &context, const GemmShape &shape, const GemmOperand &a,
           const GemmOperand &b, const GemmOperand &c) {
  if (!context.device().hasDouble)
    throw Error("OpenCL: a double-precision matrix product (" +
                describe(shape) + ") on " + context.device().deviceName +
                ", which has no cl_khr_fp64");
  gemm(context, shape, a, b, c, /*f64=*/true);
}

} // namespace sluice::runtime::opencl
