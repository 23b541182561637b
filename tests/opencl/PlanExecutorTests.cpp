//===- PlanExecutorTests.cpp - executeOnOpencl on hand-built plans --------===//
//
// Hand-written OpenCL C kernels that follow runtime/opencl/KernelAbi.h, run
// by executeOnOpencl from hand-built plans: an element-wise kernel over B*D
// (split into many launches too, and from a strided argument), a
// `sequential` running sum, Loop steps reading their counter (forward and
// reverse), a Lookback prefix sum across blocks, a guarded pair chosen by
// the parallelism, Matmul steps (CLBlast), f16/bf16/f64 buffers, zero-sized
// dims, results that repeat a buffer or are an argument, concurrent calls,
// and the errors (a wrong argument shape, a missing kernel, an f64 matmul).
// Every value is compared with a host loop. Skipped without a device.
//
//===----------------------------------------------------------------------===//

#include "OpenclTestSupport.h"

#include "runtime/cpu/CpuExecutor.h"
#include "runtime/opencl/Gemm.h"
#include "runtime/opencl/PlanExecutor.h"
#include "runtime/opencl/Program.h"

#include <cmath>
#include <thread>

using namespace sluice;
using namespace sluice::runtime;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

/// The ABI's launch parameters and its work-item loop: `i` runs over the
/// work items of this work-item (KernelAbi.h).
constexpr const char *kAbiPrelude = R"CL(
#define LAUNCH long first, long count, long stride, long repeats, long repeatStride
#define FOR_ITEMS(i)                                                          \
  long g_ = get_global_id(0);                                                 \
  if (g_ >= count)                                                            \
    return;                                                                   \
  for (long r_ = 0; r_ < repeats; ++r_)                                       \
    for (long i = first + r_ * repeatStride + g_ * stride, e_ = i + stride;   \
         i < e_; ++i)
)CL";

/// Dims of the f32 kernels: d0 = B (or T, N), d1 = D (or C), d2 = the loop
/// counter where the plan has one.
constexpr const char *kKernels = R"CL(
// out[b, d] = 2 * x[b, d] + bias[d]
__kernel void scale_add(__global const float *x, __global const float *bias,
                        __global float *out, long B, long D, LAUNCH) {
  FOR_ITEMS(i) out[i] = 2.0f * x[i] + bias[i % D];
}

// out[i] = x[0] + ... + x[i]: correct only when one work-item runs them all
// in order.
__kernel void running_sum(__global const float *x, __global float *out,
                          long N, LAUNCH) {
  float sum = 0.0f;
  FOR_ITEMS(i) {
    sum += x[i];
    out[i] = sum;
  }
}

// h[t, c] = x[t, c] + h[t - 1, c] at the loop's t = d2.
__kernel void cumsum_forward(__global const float *x, __global float *h,
                             long T, long C, long t, LAUNCH) {
  FOR_ITEMS(c) h[t * C + c] = x[t * C + c] + (t > 0 ? h[(t - 1) * C + c] : 0.0f);
}

// h[t, c] = x[t, c] + h[t + 1, c] at the loop's t = d2.
__kernel void cumsum_reverse(__global const float *x, __global float *h,
                             long T, long C, long t, LAUNCH) {
  FOR_ITEMS(c) h[t * C + c] = x[t * C + c] + (t + 1 < T ? h[(t + 1) * C + c] : 0.0f);
}

// A prefix sum over blocks of 64 items. Aggregate: each item's sum from its
// block's start.
__kernel void scan_aggregate(__global const float *x, __global float *local_sum,
                             long N, LAUNCH) {
  FOR_ITEMS(i) {
    float sum = 0.0f;
    for (long j = i / 64 * 64; j <= i && j < N; ++j)
      sum += x[j];
    local_sum[i] = sum;
  }
}

// Carry: the sum of the blocks before item i's, lane by lane. The running
// sum stays in the work-item across its repeats (the blocks, in order), so
// it is right only when one work-item walks every block of its lane.
__kernel void scan_carry(__global const float *local_sum, __global float *offset,
                         long N, LAUNCH) {
  float before = 0.0f;
  FOR_ITEMS(i) {
    if (i >= 64)
      before += local_sum[i / 64 * 64 - 1];
    offset[i] = before;
  }
}

__kernel void scan_apply(__global const float *local_sum,
                         __global const float *offset, __global float *out,
                         long N, LAUNCH) {
  FOR_ITEMS(i) if (i < N) out[i] = local_sum[i] + offset[i];
}

// out[i] = value, for the guarded pair.
__kernel void fill_one(__global float *out, long C, LAUNCH) {
  FOR_ITEMS(i) out[i] = 1.0f;
}
__kernel void fill_two(__global float *out, long C, LAUNCH) {
  FOR_ITEMS(i) out[i] = 2.0f;
}

// out[i] = i over D items; `empty` is a zero-sized buffer it never reads.
__kernel void iota(__global const float *empty, __global float *out, long B,
                   long D, LAUNCH) {
  FOR_ITEMS(i) out[i] = (float)i;
}
)CL";

/// f16 (half, vload_half/vstore_half) and bf16 (ushort, the upper half of
/// an f32) buffers: sum = x + y in f32, twice = 2x in f16, twiceB = 2y in
/// bf16.
constexpr const char *kHalfKernels = R"CL(
float bf16_load(__global const ushort *p, long i) {
  return as_float((uint)p[i] << 16);
}
void bf16_store(__global ushort *p, long i, float v) {
  uint bits = as_uint(v);
  p[i] = (ushort)((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
}
__kernel void halves(__global const half *x, __global const ushort *y,
                     __global float *sum, __global half *twice,
                     __global ushort *twiceB, long N, LAUNCH) {
  FOR_ITEMS(i) {
    float a = vload_half(i, x), b = bf16_load(y, i);
    sum[i] = a + b;
    vstore_half(2.0f * a, i, twice);
    bf16_store(twiceB, i, 2.0f * b);
  }
}
)CL";

/// f64: out = x * x + 1.
constexpr const char *kDoubleKernels = R"CL(
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
__kernel void square_plus_one(__global const double *x, __global double *out,
                              long N, LAUNCH) {
  FOR_ITEMS(i) out[i] = x[i] * x[i] + 1.0;
}
)CL";

BufferSpec bufferSpec(BufferSpec::Kind kind, int32_t index, DType dtype,
                      std::vector<SizeExpr> shape, std::string name) {
  BufferSpec spec;
  spec.kind = kind;
  spec.index = index;
  spec.dtype = dtype;
  spec.shape = std::move(shape);
  spec.name = std::move(name);
  return spec;
}

ValueSpec valueSpec(std::string name, DType dtype, std::vector<int32_t> dims,
                    int32_t buffer) {
  ValueSpec spec;
  spec.name = std::move(name);
  spec.dtype = dtype;
  spec.dims = std::move(dims);
  spec.literal.assign(spec.dims.size(), 0);
  spec.buffer = buffer;
  return spec;
}

Step kernelStep(std::string name, std::vector<int32_t> buffers,
                SizeExpr range) {
  Step step;
  step.kind = Step::Kind::Kernel;
  step.name = std::move(name);
  step.buffers = std::move(buffers);
  step.range = std::move(range);
  return step;
}

/// A tensor of `dtype` and `shape` whose element i is value(i).
template <typename Value>
Tensor tensorOf(DType dtype, std::vector<int64_t> shape, Value value) {
  Tensor t(dtype, std::move(shape));
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.setDouble(i, value(i));
  return t;
}

/// x [B, D] and bias [D] -> out [B, D] = 2x + bias, one kernel over B*D.
Plan scaleAddPlan() {
  Plan plan;
  plan.model = "scale_add";
  plan.dimNames = {"B", "D"};
  using K = BufferSpec::Kind;
  plan.buffers = {
      bufferSpec(K::Argument, 0, DType::F32,
                 {SizeExpr::dim(0), SizeExpr::dim(1)}, "x"),
      bufferSpec(K::Argument, 1, DType::F32, {SizeExpr::dim(1)}, "bias"),
      bufferSpec(K::Result, 0, DType::F32, {SizeExpr::dim(0), SizeExpr::dim(1)},
                 "out")};
  plan.arguments = {valueSpec("x", DType::F32, {0, 1}, 0),
                    valueSpec("bias", DType::F32, {1}, 1)};
  plan.arguments[1].isParam = true;
  plan.results = {valueSpec("out", DType::F32, {0, 1}, 2)};
  plan.steps = {
      kernelStep("scale_add", {0, 1, 2}, SizeExpr::dim(0) * SizeExpr::dim(1))};
  return plan;
}

class PlanExecutorTest : public OpenclTest {
protected:
  void SetUp() override {
    OpenclTest::SetUp();
    if (IsSkipped())
      return;
    context = makeContext();
    program = context->programs().build("plan_executor_test",
                                        std::string(kAbiPrelude) + kKernels);
  }

  /// Runs scale_add for B x D and checks every element.
  void expectScaleAdd(int64_t B, int64_t D, const PlanExecutorOptions &options,
                      bool stridedX = false) {
    Tensor x =
        tensorOf(DType::F32, {B, D}, [](int64_t i) { return i % 13 - 6; });
    if (stridedX) {
      // The same values through a transposed view of a [D, B] tensor.
      Tensor storage(DType::F32, {D, B});
      for (int64_t b = 0; b < B; ++b)
        for (int64_t d = 0; d < D; ++d)
          storage.setDouble(d * B + b, x.getDouble(b * D + d));
      x = Tensor::borrow(storage.data(), DType::F32, {B, D}, {1, B});
      keepAlive = storage;
      ASSERT_FALSE(x.isContiguous());
    }
    Tensor bias = tensorOf(DType::F32, {D}, [](int64_t i) { return 0.5 * i; });
    std::vector<Tensor> out =
        executeOnOpencl(*context, scaleAddPlan(), program, {x, bias}, options);
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].dtype(), DType::F32);
    ASSERT_EQ(out[0].shape(), (std::vector<int64_t>{B, D}));
    for (int64_t i = 0; i < B * D; ++i)
      ASSERT_EQ(out[0].getDouble(i), 2 * x.getDouble(i) + 0.5 * (i % D)) << i;
  }

  std::unique_ptr<Context> context;
  std::shared_ptr<const Program> program;
  Tensor keepAlive;
};

TEST_F(PlanExecutorTest, ElementwiseOverSymbolicSize) {
  expectScaleAdd(3, 5, {});
  expectScaleAdd(37, 129, {});
}

TEST_F(PlanExecutorTest, ElementwiseSplitIntoLaunches) {
  PlanExecutorOptions options;
  options.maxItemsPerLaunch = 7; // 61 launches, each with its own `first`
  expectScaleAdd(5, 83, options);
  options.synchronous = true;
  expectScaleAdd(4, 9, options);
}

TEST_F(PlanExecutorTest, StridedArgumentIsUploadedContiguous) {
  expectScaleAdd(6, 11, {}, /*stridedX=*/true);
}

TEST_F(PlanExecutorTest, RepeatedCallsReuseThePool) {
  expectScaleAdd(8, 64, {});
  uint64_t allocations = context->buffers().stats().allocations;
  expectScaleAdd(8, 64, {});
  EXPECT_EQ(context->buffers().stats().allocations, allocations);
  EXPECT_GE(context->buffers().stats().reuses, 3u);
}

TEST_F(PlanExecutorTest, ConcurrentCallsOnOneContext) {
  std::vector<std::thread> threads;
  std::vector<std::string> failures(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      int64_t B = 3 + t, D = 50 + t;
      Tensor x = tensorOf(DType::F32, {B, D}, [&](int64_t i) { return i + t; });
      Tensor bias = tensorOf(DType::F32, {D}, [](int64_t i) { return -i; });
      for (int repeat = 0; repeat < 5; ++repeat) {
        std::vector<Tensor> out =
            executeOnOpencl(*context, scaleAddPlan(), program, {x, bias});
        for (int64_t i = 0; i < B * D; ++i)
          if (out[0].getDouble(i) != 2.0 * (i + t) - i % D)
            failures[t] =
                "thread " + std::to_string(t) + " element " + std::to_string(i);
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  for (const std::string &failure : failures)
    EXPECT_EQ(failure, "");
}

TEST_F(PlanExecutorTest, SequentialKernelRunsInOneWorkItem) {
  Plan plan;
  plan.model = "running_sum";
  plan.dimNames = {"N"};
  using K = BufferSpec::Kind;
  plan.buffers = {
      bufferSpec(K::Argument, 0, DType::F32, {SizeExpr::dim(0)}, "x"),
      bufferSpec(K::Result, 0, DType::F32, {SizeExpr::dim(0)}, "out")};
  plan.arguments = {valueSpec("x", DType::F32, {0}, 0)};
  plan.results = {valueSpec("out", DType::F32, {0}, 1)};
  plan.steps = {kernelStep("running_sum", {0, 1}, SizeExpr::dim(0))};
  plan.steps[0].sequential = true;
  for (int64_t n : {1, 5, 300}) {
    Tensor x = tensorOf(DType::F32, {n}, [](int64_t i) { return i % 5 - 2; });
    Tensor out = executeOnOpencl(*context, plan, program, {x})[0];
    double sum = 0;
    for (int64_t i = 0; i < n; ++i) {
      sum += x.getDouble(i);
      ASSERT_EQ(out.getDouble(i), sum) << "n=" << n << " i=" << i;
    }
  }
}

/// x [T, C] -> h [T, C], a Loop over t whose body kernel reads d2 = t.
Plan cumsumPlan(bool reverse) {
  Plan plan;
  plan.model = reverse ? "cumsum_reverse" : "cumsum_forward";
  plan.dimNames = {"T", "C"};
  plan.numCounters = 1;
  using K = BufferSpec::Kind;
  std::vector<SizeExpr> shape = {SizeExpr::dim(0), SizeExpr::dim(1)};
  plan.buffers = {bufferSpec(K::Argument, 0, DType::F32, shape, "x"),
                  bufferSpec(K::Result, 0, DType::F32, shape, "h")};
  plan.arguments = {valueSpec("x", DType::F32, {0, 1}, 0)};
  plan.results = {valueSpec("h", DType::F32, {0, 1}, 1)};
  Step loop;
  loop.kind = Step::Kind::Loop;
  loop.name = "over t";
  loop.range = SizeExpr::dim(0);
  loop.counter = 2;
  loop.reverse = reverse;
  loop.body = {kernelStep(plan.model, {0, 1}, SizeExpr::dim(1))};
  plan.steps = {loop};
  return plan;
}

TEST_F(PlanExecutorTest, LoopCounterForwardAndReverse) {
  const int64_t T = 9, C = 70;
  Tensor x = tensorOf(DType::F32, {T, C}, [](int64_t i) { return i % 7 - 3; });
  for (bool reverse : {false, true}) {
    Tensor h = executeOnOpencl(*context, cumsumPlan(reverse), program, {x})[0];
    for (int64_t c = 0; c < C; ++c) {
      double sum = 0;
      for (int64_t s = 0; s < T; ++s) {
        int64_t t = reverse ? T - 1 - s : s;
        sum += x.getDouble(t * C + c);
        ASSERT_EQ(h.getDouble(t * C + c), sum)
            << (reverse ? "reverse" : "forward") << " t=" << t << " c=" << c;
      }
    }
  }
}

/// x [N] -> inclusive prefix sum [N] by a Lookback over ceil(N/64) blocks.
Plan prefixSumPlan() {
  Plan plan;
  plan.model = "prefix_sum";
  plan.dimNames = {"N"};
  using K = BufferSpec::Kind;
  std::vector<SizeExpr> blocks = {SizeExpr::dim(0).ceilDiv(64),
                                  SizeExpr::literal(64)};
  plan.buffers = {
      bufferSpec(K::Argument, 0, DType::F32, {SizeExpr::dim(0)}, "x"),
      bufferSpec(K::Temporary, -1, DType::F32, blocks, "local_sum"),
      bufferSpec(K::Temporary, -1, DType::F32, blocks, "offset"),
      bufferSpec(K::Result, 0, DType::F32, {SizeExpr::dim(0)}, "out")};
  plan.arguments = {valueSpec("x", DType::F32, {0}, 0)};
  plan.results = {valueSpec("out", DType::F32, {0}, 3)};
  Step lookback;
  lookback.kind = Step::Kind::Lookback;
  lookback.name = "prefix sum";
  lookback.range = SizeExpr::dim(0).ceilDiv(64);
  lookback.blockItems = SizeExpr::literal(64);
  lookback.body = {kernelStep("scan_aggregate", {0, 1}, SizeExpr::literal(0)),
                   kernelStep("scan_carry", {1, 2}, SizeExpr::literal(0)),
                   kernelStep("scan_apply", {1, 2, 3}, SizeExpr::literal(0))};
  plan.steps = {lookback};
  return plan;
}

TEST_F(PlanExecutorTest, LookbackPrefixSumAcrossBlocks) {
  for (int64_t n : {1, 7, 64, 65, 1000, 4099}) {
    Tensor x = tensorOf(DType::F32, {n}, [](int64_t i) { return i % 9 - 4; });
    Tensor out = executeOnOpencl(*context, prefixSumPlan(), program, {x})[0];
    ASSERT_EQ(out.shape(), (std::vector<int64_t>{n}));
    double sum = 0;
    for (int64_t i = 0; i < n; ++i) {
      sum += x.getDouble(i);
      ASSERT_EQ(out.getDouble(i), sum) << "n=" << n << " i=" << i;
    }
  }
}

TEST_F(PlanExecutorTest, LookbackCarriesSplitIntoLaunches) {
  PlanExecutorOptions options;
  options.maxItemsPerLaunch = 5; // carries: 13 launches, each of every block
  const int64_t n = 777;
  Tensor x = tensorOf(DType::F32, {n}, [](int64_t i) { return i % 4; });
  Tensor out =
      executeOnOpencl(*context, prefixSumPlan(), program, {x}, options)[0];
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) {
    sum += x.getDouble(i);
    ASSERT_EQ(out.getDouble(i), sum) << i;
  }
}

/// c [C] -> out [C]: 1 when C < 4 per unit of parallelism (fill_one),
/// else 2 (fill_two).
Plan guardedPlan() {
  Plan plan;
  plan.model = "guarded";
  plan.dimNames = {"C"};
  using K = BufferSpec::Kind;
  plan.buffers = {
      bufferSpec(K::Argument, 0, DType::F32, {SizeExpr::dim(0)}, "c"),
      bufferSpec(K::Result, 0, DType::F32, {SizeExpr::dim(0)}, "out")};
  plan.arguments = {valueSpec("c", DType::F32, {0}, 0)};
  plan.results = {valueSpec("out", DType::F32, {0}, 1)};
  Step one = kernelStep("fill_one", {1}, SizeExpr::dim(0));
  one.guard = SizeExpr::dim(0);
  one.guardMax = 4;
  one.guardPerThread = true;
  Step two = kernelStep("fill_two", {1}, SizeExpr::dim(0));
  two.guard = SizeExpr::dim(0);
  two.guardMin = 4;
  two.guardPerThread = true;
  plan.steps = {one, two};
  return plan;
}

TEST_F(PlanExecutorTest, GuardsScaleWithParallelism) {
  auto valueFor = [&](int64_t channels, int64_t parallelism) {
    PlanExecutorOptions options;
    options.parallelism = parallelism;
    Tensor c(DType::F32, {channels});
    Tensor out =
        executeOnOpencl(*context, guardedPlan(), program, {c}, options)[0];
    double first = out.getDouble(0);
    for (int64_t i = 1; i < channels; ++i)
      EXPECT_EQ(out.getDouble(i), first);
    return first;
  };
  EXPECT_EQ(valueFor(8, 1), 2.0); // 8 >= 4 * 1
  EXPECT_EQ(valueFor(8, 2), 2.0); // 8 >= 4 * 2
  EXPECT_EQ(valueFor(8, 3), 1.0); // 8 < 4 * 3
  EXPECT_EQ(valueFor(3, 1), 1.0);
  // The default: the device's compute units.
  int64_t units = std::max<int64_t>(1, device.computeUnits);
  EXPECT_EQ(valueFor(4 * units - 1, 0), 1.0);
  EXPECT_EQ(valueFor(4 * units, 0), 2.0);
}

/// lhs [B, M, K] @ rhs ([B, K, N] or [K, N]) -> out [B, M, N].
Plan matmulPlan(bool rhsBatched, DType dtype = DType::F32) {
  Plan plan;
  plan.model = "matmul";
  plan.dimNames = {"B", "M", "K", "N"};
  using K = BufferSpec::Kind;
  SizeExpr b = SizeExpr::dim(0), m = SizeExpr::dim(1), k = SizeExpr::dim(2),
           n = SizeExpr::dim(3);
  std::vector<SizeExpr> rhsShape =
      rhsBatched ? std::vector<SizeExpr>{b, k, n} : std::vector<SizeExpr>{k, n};
  std::vector<int32_t> rhsDims =
      rhsBatched ? std::vector<int32_t>{0, 2, 3} : std::vector<int32_t>{2, 3};
  plan.buffers = {bufferSpec(K::Argument, 0, dtype, {b, m, k}, "lhs"),
                  bufferSpec(K::Argument, 1, dtype, rhsShape, "rhs"),
                  bufferSpec(K::Result, 0, dtype, {b, m, n}, "out")};
  plan.arguments = {valueSpec("lhs", dtype, {0, 1, 2}, 0),
                    valueSpec("rhs", dtype, rhsDims, 1)};
  plan.results = {valueSpec("out", dtype, {0, 1, 3}, 2)};
  Step step;
  step.kind = Step::Kind::Matmul;
  step.name = "matmul";
  step.buffers = {0, 1, 2};
  step.batch = b;
  step.rows = m;
  step.contraction = k;
  step.columns = n;
  step.rhsBatched = rhsBatched;
  plan.steps = {step};
  return plan;
}

/// Runs matmulPlan for B x M x K x N in `dtype` and checks every element
/// against a host loop (small integers: every sum is exact).
void expectMatmul(Context &context,
                  const std::shared_ptr<const Program> &program, DType dtype,
                  int64_t B, int64_t M, int64_t K, int64_t N) {
  Tensor lhs = tensorOf(dtype, {B, M, K}, [](int64_t i) { return i % 5 - 2; });
  for (bool rhsBatched : {true, false}) {
    std::vector<int64_t> rhsShape =
        rhsBatched ? std::vector<int64_t>{B, K, N} : std::vector<int64_t>{K, N};
    Tensor rhs = tensorOf(dtype, rhsShape, [](int64_t i) { return i % 3 - 1; });
    Tensor out = executeOnOpencl(context, matmulPlan(rhsBatched, dtype),
                                 program, {lhs, rhs})[0];
    ASSERT_EQ(out.dtype(), dtype);
    ASSERT_EQ(out.shape(), (std::vector<int64_t>{B, M, N}));
    for (int64_t b = 0; b < B; ++b)
      for (int64_t m = 0; m < M; ++m)
        for (int64_t n = 0; n < N; ++n) {
          double sum = 0;
          for (int64_t k = 0; k < K; ++k)
            sum += lhs.getDouble((b * M + m) * K + k) *
                   rhs.getDouble(((rhsBatched ? b * K : 0) + k) * N + n);
          ASSERT_EQ(out.getDouble((b * M + m) * N + n), sum)
              << dtypeName(dtype) << (rhsBatched ? " batched" : " shared")
              << " b=" << b << " m=" << m << " n=" << n;
        }
  }
}

TEST_F(PlanExecutorTest, MatmulBatchedAndSharedRhs) {
  if (!haveClblast())
    GTEST_SKIP() << "built without CLBlast";
  expectMatmul(*context, program, DType::F32, 3, 5, 7, 4);
  expectMatmul(*context, program, DType::F32, 1, 33, 17, 9);
  // K = 0: the products are zeros.
  const int64_t B = 2, M = 3, N = 4;
  Tensor empty(DType::F32, {B, M, 0});
  Tensor rhs(DType::F32, {0, N});
  Tensor out =
      executeOnOpencl(*context, matmulPlan(false), program, {empty, rhs})[0];
  for (int64_t i = 0; i < B * M * N; ++i)
    ASSERT_EQ(out.getDouble(i), 0.0);
}

TEST_F(PlanExecutorTest, MatmulOfF64) {
  if (!haveClblast())
    GTEST_SKIP() << "built without CLBlast";
  if (!device.hasDouble)
    GTEST_SKIP() << "the device has no cl_khr_fp64";
  expectMatmul(*context, program, DType::F64, 3, 5, 7, 4);
  // (1 + 2^-20)^2 = 1 + 2^-19 + 2^-40: exact in f64, not in f32.
  double v = 1 + std::ldexp(1.0, -20);
  Tensor lhs = tensorOf(DType::F64, {1, 1, 1}, [&](int64_t) { return v; });
  Tensor rhs = tensorOf(DType::F64, {1, 1}, [&](int64_t) { return v; });
  Tensor out = executeOnOpencl(*context, matmulPlan(false, DType::F64), program,
                               {lhs, rhs})[0];
  EXPECT_EQ(out.getDouble(0), v * v);
  // K = 0: zeros, from the f64 scaling kernel (CLBlast rejects k = 0).
  Tensor empty(DType::F64, {2, 3, 0}), none(DType::F64, {0, 4});
  Tensor zeros = executeOnOpencl(*context, matmulPlan(false, DType::F64),
                                 program, {empty, none})[0];
  ASSERT_EQ(zeros.shape(), (std::vector<int64_t>{2, 3, 4}));
  for (int64_t i = 0; i < 24; ++i)
    ASSERT_EQ(zeros.getDouble(i), 0.0);
}

TEST_F(PlanExecutorTest, MatmulOfMixedOrHalfTypesIsAClearError) {
  Tensor lhs(DType::F16, {1, 2, 2}), rhs(DType::F16, {2, 2});
  std::string message = errorOf([&] {
    executeOnOpencl(*context, matmulPlan(false, DType::F16), program,
                    {lhs, rhs});
  });
  EXPECT_NE(message.find("matmul step 'matmul' of model 'matmul'"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("f32 or f64"), std::string::npos) << message;
}

TEST_F(PlanExecutorTest, HalfAndBfloat16Buffers) {
  auto halves = context->programs().build(
      "plan_executor_halves", std::string(kAbiPrelude) + kHalfKernels);
  Plan plan;
  plan.model = "halves";
  plan.dimNames = {"N"};
  using K = BufferSpec::Kind;
  std::vector<SizeExpr> shape = {SizeExpr::dim(0)};
  plan.buffers = {bufferSpec(K::Argument, 0, DType::F16, shape, "x"),
                  bufferSpec(K::Argument, 1, DType::BF16, shape, "y"),
                  bufferSpec(K::Result, 0, DType::F32, shape, "sum"),
                  bufferSpec(K::Result, 1, DType::F16, shape, "twice"),
                  bufferSpec(K::Result, 2, DType::BF16, shape, "twiceB")};
  plan.arguments = {valueSpec("x", DType::F16, {0}, 0),
                    valueSpec("y", DType::BF16, {0}, 1)};
  plan.results = {valueSpec("sum", DType::F32, {0}, 2),
                  valueSpec("twice", DType::F16, {0}, 3),
                  valueSpec("twiceB", DType::BF16, {0}, 4)};
  plan.steps = {kernelStep("halves", {0, 1, 2, 3, 4}, SizeExpr::dim(0))};
  const int64_t n = 300;
  // Values every format holds exactly.
  Tensor x =
      tensorOf(DType::F16, {n}, [](int64_t i) { return (i % 17) * 0.25 - 2; });
  Tensor y =
      tensorOf(DType::BF16, {n}, [](int64_t i) { return (i % 11) * 0.5 - 3; });
  std::vector<Tensor> out = executeOnOpencl(*context, plan, halves, {x, y});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1].dtype(), DType::F16);
  EXPECT_EQ(out[2].dtype(), DType::BF16);
  for (int64_t i = 0; i < n; ++i) {
    ASSERT_EQ(out[0].getDouble(i), x.getDouble(i) + y.getDouble(i)) << i;
    ASSERT_EQ(out[1].getDouble(i), 2 * x.getDouble(i)) << i;
    ASSERT_EQ(out[2].getDouble(i), 2 * y.getDouble(i)) << i;
  }
}

TEST_F(PlanExecutorTest, DoubleBuffers) {
  if (!device.hasDouble)
    GTEST_SKIP() << "the device has no cl_khr_fp64";
  auto doubles = context->programs().build(
      "plan_executor_doubles", std::string(kAbiPrelude) + kDoubleKernels);
  Plan plan;
  plan.model = "doubles";
  plan.dimNames = {"N"};
  using K = BufferSpec::Kind;
  plan.buffers = {
      bufferSpec(K::Argument, 0, DType::F64, {SizeExpr::dim(0)}, "x"),
      bufferSpec(K::Result, 0, DType::F64, {SizeExpr::dim(0)}, "out")};
  plan.arguments = {valueSpec("x", DType::F64, {0}, 0)};
  plan.results = {valueSpec("out", DType::F64, {0}, 1)};
  plan.steps = {kernelStep("square_plus_one", {0, 1}, SizeExpr::dim(0))};
  const int64_t n = 129;
  // 1 + 1e-10 squared needs more than f32's 24 bits.
  Tensor x = tensorOf(DType::F64, {n}, [](int64_t i) { return 1 + i * 1e-10; });
  Tensor out = executeOnOpencl(*context, plan, doubles, {x})[0];
  ASSERT_EQ(out.dtype(), DType::F64);
  // (The device may fuse the multiply-add: one rounding fewer.)
  for (int64_t i = 0; i < n; ++i)
    ASSERT_NEAR(out.getDouble(i), x.getDouble(i) * x.getDouble(i) + 1, 1e-14)
        << i;
}

TEST_F(PlanExecutorTest, ZeroSizedDims) {
  // B = 0: no launch, an empty result.
  Tensor x(DType::F32, {0, 6});
  Tensor bias = tensorOf(DType::F32, {6}, [](int64_t i) { return i; });
  Tensor out = executeOnOpencl(*context, scaleAddPlan(), program, {x, bias})[0];
  EXPECT_EQ(out.shape(), (std::vector<int64_t>{0, 6}));
  // A kernel that runs with a zero-sized buffer among its arguments.
  Plan plan;
  plan.model = "iota";
  plan.dimNames = {"B", "D"};
  using K = BufferSpec::Kind;
  plan.buffers = {
      bufferSpec(K::Temporary, -1, DType::F32,
                 {SizeExpr::dim(0), SizeExpr::dim(1)}, "empty"),
      bufferSpec(K::Result, 0, DType::F32, {SizeExpr::dim(1)}, "out"),
      bufferSpec(K::Argument, 0, DType::F32,
                 {SizeExpr::dim(0), SizeExpr::dim(1)}, "x")};
  plan.arguments = {valueSpec("x", DType::F32, {0, 1}, 2)};
  plan.results = {valueSpec("out", DType::F32, {1}, 1),
                  valueSpec("empty", DType::F32, {0, 1}, 0)};
  plan.steps = {kernelStep("iota", {0, 1}, SizeExpr::dim(1))};
  std::vector<Tensor> results = executeOnOpencl(*context, plan, program, {x});
  ASSERT_EQ(results[0].shape(), (std::vector<int64_t>{6}));
  for (int64_t i = 0; i < 6; ++i)
    EXPECT_EQ(results[0].getDouble(i), i);
  EXPECT_EQ(results[1].shape(), (std::vector<int64_t>{0, 6}));
  // A loop of no trips and a look-back of no blocks.
  Tensor h = executeOnOpencl(*context, cumsumPlan(false), program,
                             {Tensor(DType::F32, {0, 4})})[0];
  EXPECT_EQ(h.shape(), (std::vector<int64_t>{0, 4}));
  Tensor sums = executeOnOpencl(*context, prefixSumPlan(), program,
                                {Tensor(DType::F32, {0})})[0];
  EXPECT_EQ(sums.shape(), (std::vector<int64_t>{0}));
}

TEST_F(PlanExecutorTest, ResultsThatRepeatABufferOrAreAnArgument) {
  Plan plan = scaleAddPlan();
  plan.results.push_back(plan.results[0]);                       // out again
  plan.results.push_back(valueSpec("x", DType::F32, {0, 1}, 0)); // the input
  Tensor x = tensorOf(DType::F32, {2, 3}, [](int64_t i) { return i; });
  Tensor bias(DType::F32, {3});
  std::vector<Tensor> out = executeOnOpencl(*context, plan, program, {x, bias});
  ASSERT_EQ(out.size(), 3u);
  // As on the CPU: one tensor for one buffer, the caller's for an argument.
  EXPECT_EQ(out[0].data(), out[1].data());
  EXPECT_EQ(out[2].data(), x.data());
  for (int64_t i = 0; i < 6; ++i)
    EXPECT_EQ(out[1].getDouble(i), 2.0 * i);
}

TEST_F(PlanExecutorTest, WrongArgumentShapeIsABindError) {
  Tensor x(DType::F32, {2, 3}), bias(DType::F32, {4});
  EXPECT_THROW(executeOnOpencl(*context, scaleAddPlan(), program, {x, bias}),
               BindError);
  std::string message = errorOf([&] {
    executeOnOpencl(*context, scaleAddPlan(), program, {x, bias});
  });
  // The CPU's binding and message.
  EXPECT_EQ(message, errorOf([&] { bindDims(scaleAddPlan(), {x, bias}); }));
  EXPECT_NE(message.find("dim 'D' is 3 in 'x' but 4 in 'bias'"),
            std::string::npos)
      << message;
  EXPECT_THROW(executeOnOpencl(*context, scaleAddPlan(), program, {x}),
               BindError);
}

TEST_F(PlanExecutorTest, OversizedBufferIsABindError) {
  // A temporary of B x 2^61 floats: past int64 bytes for B = 4, checked
  // before anything is allocated or launched.
  Plan plan = scaleAddPlan();
  plan.buffers.push_back(bufferSpec(
      BufferSpec::Kind::Temporary, -1, DType::F32,
      {SizeExpr::dim(0), SizeExpr::literal(int64_t(1) << 61)}, "huge"));
  Tensor x(DType::F32, {4, 2}), bias(DType::F32, {2});
  EXPECT_THROW(executeOnOpencl(*context, plan, program, {x, bias}), BindError);
  std::string message = errorOf([&] {
    executeOnOpencl(*context, plan, program, {x, bias});
  });
  EXPECT_NE(message.find("'huge'"), std::string::npos) << message;
  EXPECT_NE(message.find("B=4, D=2"), std::string::npos) << message;
}

TEST_F(PlanExecutorTest, MissingKernelNamesIt) {
  Plan plan = scaleAddPlan();
  plan.steps[0].name = "no_such_kernel";
  Tensor x(DType::F32, {2, 3}), bias(DType::F32, {3});
  std::string message = errorOf([&] {
    executeOnOpencl(*context, plan, program, {x, bias});
  });
  EXPECT_NE(message.find("no_such_kernel"), std::string::npos) << message;
  EXPECT_NE(message.find("CL_INVALID_KERNEL_NAME"), std::string::npos)
      << message;
}

TEST_F(PlanExecutorTest, KernelWithTheWrongParametersNamesIt) {
  // fill_one takes one buffer; the step lists two.
  Plan plan = guardedPlan();
  plan.steps.resize(1);
  plan.steps[0].guardPerThread = false;
  plan.steps[0].guardMax = INT64_MAX;
  plan.steps[0].buffers = {0, 1};
  Tensor c(DType::F32, {5});
  std::string message =
      errorOf([&] { executeOnOpencl(*context, plan, program, {c}); });
  EXPECT_NE(message.find("kernel 'fill_one'"), std::string::npos) << message;
}

} // namespace
