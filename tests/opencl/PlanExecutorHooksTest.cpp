//===- PlanExecutorHooksTest.cpp - The executor's benchmark hooks ---------===//
//
// PlanExecutorOptions::beforeLaunches / afterLaunches (what sluice-run
// --bench times with): each is called once per call, beforeLaunches after
// every argument is uploaded and before the first launch, afterLaunches
// after the last launch; commands they enqueue run in that order on the
// profiling-enabled queue, so the kernels' device time lies between their
// timestamps. Skipped without a device.
//
//===----------------------------------------------------------------------===//

#include "OpenclTestSupport.h"

#include "runtime/opencl/OpenclError.h"
#include "runtime/opencl/PlanExecutor.h"
#include "runtime/opencl/Program.h"

using namespace sluice;
using namespace sluice::runtime;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

/// out[i] = 2 * x[i] + bias[i % D] over B*D work items (KernelAbi.h).
constexpr const char *kScaleAdd = R"CL(
__kernel void scale_add(__global const float *x, __global const float *bias,
                        __global float *out, long B, long D, long first,
                        long count, long stride, long repeats,
                        long repeatStride) {
  long g = get_global_id(0);
  if (g >= count)
    return;
  for (long r = 0; r < repeats; ++r)
    for (long i = first + r * repeatStride + g * stride, e = i + stride;
         i < e; ++i)
      out[i] = 2.0f * x[i] + bias[i % D];
}
)CL";

BufferSpec bufferOf(BufferSpec::Kind kind, int32_t index,
                    std::vector<SizeExpr> shape, std::string name) {
  BufferSpec spec;
  spec.kind = kind;
  spec.index = index;
  spec.dtype = DType::F32;
  spec.shape = std::move(shape);
  spec.name = std::move(name);
  return spec;
}

ValueSpec valueOf(std::string name, std::vector<int32_t> dims, int32_t buffer) {
  ValueSpec spec;
  spec.name = std::move(name);
  spec.dtype = DType::F32;
  spec.dims = std::move(dims);
  spec.literal.assign(spec.dims.size(), 0);
  spec.buffer = buffer;
  return spec;
}

Plan scaleAddPlan() {
  Plan plan;
  plan.model = "scale_add";
  plan.dimNames = {"B", "D"};
  using K = BufferSpec::Kind;
  SizeExpr B = SizeExpr::dim(0), D = SizeExpr::dim(1);
  plan.buffers = {bufferOf(K::Argument, 0, {B, D}, "x"),
                  bufferOf(K::Argument, 1, {D}, "bias"),
                  bufferOf(K::Result, 0, {B, D}, "out")};
  plan.arguments = {valueOf("x", {0, 1}, 0), valueOf("bias", {1}, 1)};
  plan.arguments[1].isParam = true;
  plan.results = {valueOf("out", {0, 1}, 2)};
  Step step;
  step.kind = Step::Kind::Kernel;
  step.name = "scale_add";
  step.buffers = {0, 1, 2};
  step.range = B * D;
  plan.steps = {step};
  return plan;
}

/// Buffers the pool has handed out so far (new or reused).
uint64_t handedOut(Context &context) {
  BufferPoolStats stats = context.buffers().stats();
  return stats.allocations + stats.reuses;
}

/// A profiling timestamp of `event`.
cl_ulong stampOf(cl_event event, cl_profiling_info which) {
  cl_ulong value = 0;
  check(clGetEventProfilingInfo(event, which, sizeof value, &value, nullptr),
        "clGetEventProfilingInfo", "test");
  return value;
}

class PlanExecutorHooksTest : public OpenclTest {};

TEST_F(PlanExecutorHooksTest, HooksRunAroundTheLaunchesAfterTheUploads) {
  std::unique_ptr<Context> context = makeContext();
  std::shared_ptr<const Program> program =
      context->programs().build("hooks_test", kScaleAdd);
  const int64_t B = 64, D = 1000;
  Tensor x(DType::F32, {B, D}), bias(DType::F32, {D});
  for (int64_t i = 0; i < B * D; ++i)
    x.setDouble(i, static_cast<double>(i % 17) - 8);
  for (int64_t d = 0; d < D; ++d)
    bias.setDouble(d, 0.25 * static_cast<double>(d));
  Buffer scratch = context->buffers().allocate(4096, "scratch");
  uint64_t before = handedOut(*context);
  std::vector<std::string> calls;
  uint64_t atBefore = 0, atAfter = 0;
  cl_event started = nullptr, stopped = nullptr;
  cl_uint word = 7;
  PlanExecutorOptions options;
  options.beforeLaunches = [&] {
    calls.push_back("before");
    atBefore = handedOut(*context) - before;
    check(clEnqueueFillBuffer(context->queue(), scratch.handle(), &word,
                              sizeof word, 0, 4096, 0, nullptr, &started),
          "clEnqueueFillBuffer", "test");
  };
  options.afterLaunches = [&] {
    calls.push_back("after");
    atAfter = handedOut(*context) - before;
    check(clEnqueueFillBuffer(context->queue(), scratch.handle(), &word,
                              sizeof word, 0, 4, 0, nullptr, &stopped),
          "clEnqueueFillBuffer", "test");
  };
  std::vector<Tensor> out =
      executeOnOpencl(*context, scaleAddPlan(), program, {x, bias}, options);
  EXPECT_EQ(calls, (std::vector<std::string>{"before", "after"}));
  EXPECT_EQ(atBefore, 2u) << "both arguments are uploaded before the hook";
  EXPECT_EQ(atAfter, 3u) << "the result buffer is taken by the launch";
  ASSERT_TRUE(started && stopped);
  // The queue is in order and profiles: the kernel ran between the stamps.
  EXPECT_LE(stampOf(started, CL_PROFILING_COMMAND_END),
            stampOf(stopped, CL_PROFILING_COMMAND_START));
  clReleaseEvent(started);
  clReleaseEvent(stopped);
  ASSERT_EQ(out.size(), 1u);
  for (int64_t i = 0; i < B * D; ++i)
    ASSERT_EQ(out[0].getDouble(i), 2 * x.getDouble(i) + 0.25 * (i % D)) << i;
}

TEST_F(PlanExecutorHooksTest, WithoutHooksArgumentsUploadAtFirstUse) {
  std::unique_ptr<Context> context = makeContext();
  std::shared_ptr<const Program> program =
      context->programs().build("hooks_test", kScaleAdd);
  Tensor x(DType::F32, {2, 3}), bias(DType::F32, {3});
  for (int64_t i = 0; i < 6; ++i)
    x.setDouble(i, static_cast<double>(i));
  for (int64_t d = 0; d < 3; ++d)
    bias.setDouble(d, 1.0);
  PlanExecutorOptions options;
  int after = 0;
  options.afterLaunches = [&] { ++after; };
  std::vector<Tensor> out =
      executeOnOpencl(*context, scaleAddPlan(), program, {x, bias}, options);
  EXPECT_EQ(after, 1);
  for (int64_t i = 0; i < 6; ++i)
    EXPECT_EQ(out[0].getDouble(i), 2.0 * i + 1.0);
}

} // namespace
