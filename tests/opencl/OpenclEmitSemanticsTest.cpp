//===- OpenclEmitSemanticsTest.cpp - Printed ops compute what MLIR says ---===//
//
// Hand-written kernel functions (the plan builder's form: func.func over
// LLVM pointers) whose bodies exercise the ops with subtle semantics: every
// cmpf predicate on NaN, infinities and signed zeros; maximumf / minimumf
// (NaN propagates, -0 < +0) and maxnumf / minnumf; signed and unsigned
// integer division, remainders, shifts and extensions; f16 / bf16 / f64
// rounding; loops whose carried values swap; scf.if results; a private
// array. Each is printed by the OpenCL code generator, run on the test
// device through the launch ABI, and compared with the op's definition
// computed on the host. Also: the messages for ops and kernels the
// generator refuses. Skipped without an OpenCL device (the refusals are
// checked anyway).
//
//===----------------------------------------------------------------------===//

#include "OpenclTestSupport.h"

#include "codegen/opencl/OpenclEmitter.h"
#include "runtime/opencl/KernelAbi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

using namespace sluice;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

/// A kernel @NAME of the plan builder's form: out[i] = BODY for i in
/// [begin, end), where BODY reads %x = b0[i] and %y = b1[i] (f32) and
/// defines %r : f32; b2 is the output.
std::string kernel(const std::string &name, const std::string &body) {
  return "func.func @" + name + R"((%begin: i64, %end: i64, %buffers: !llvm.ptr, %dims: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %c2 = arith.constant 2 : i64
  %p0 = llvm.getelementptr %buffers[%c0] : (!llvm.ptr, i64) -> !llvm.ptr, !llvm.ptr
  %xs = llvm.load %p0 : !llvm.ptr -> !llvm.ptr
  %p1 = llvm.getelementptr %buffers[%c1] : (!llvm.ptr, i64) -> !llvm.ptr, !llvm.ptr
  %ys = llvm.load %p1 : !llvm.ptr -> !llvm.ptr
  %p2 = llvm.getelementptr %buffers[%c2] : (!llvm.ptr, i64) -> !llvm.ptr, !llvm.ptr
  %out = llvm.load %p2 : !llvm.ptr -> !llvm.ptr
  %one = arith.constant 1.0 : f32
  %zero = arith.constant 0.0 : f32
  scf.for %i = %begin to %end step %c1 : i64 {
    %xa = llvm.getelementptr %xs[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %x = llvm.load %xa : !llvm.ptr -> f32
    %ya = llvm.getelementptr %ys[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %y = llvm.load %ya : !llvm.ptr -> f32
)" + body + R"(
    %oa = llvm.getelementptr %out[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %r, %oa : f32, !llvm.ptr
  }
  return
}
)";
}

/// A plan with one dim and a Kernel step per name over buffers 0, 1, 2.
runtime::Plan planOf(const std::vector<std::string> &names) {
  runtime::Plan plan;
  plan.model = "semantics";
  plan.dimNames = {"N"};
  plan.buffers.resize(3);
  for (const std::string &name : names) {
    runtime::Step step;
    step.kind = runtime::Step::Kind::Kernel;
    step.name = name;
    step.buffers = {0, 1, 2};
    plan.steps.push_back(step);
  }
  return plan;
}

/// Parses `kernels` (func.func ops) as a module and prints it for `plan`.
std::string emit(const std::string &kernels, const runtime::Plan &plan) {
  mlir::MLIRContext context;
  context.loadDialect<mlir::func::FuncDialect, mlir::arith::ArithDialect,
                      mlir::math::MathDialect, mlir::scf::SCFDialect,
                      mlir::LLVM::LLVMDialect>();
  mlir::ParserConfig config(&context);
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::parseSourceString<mlir::ModuleOp>(
      "module {\n" + kernels + "}\n", config, "semantics.mlir");
  if (!module)
    throw std::runtime_error("the test's kernels do not parse");
  return codegen::opencl::emitOpenclProgram({*module}, plan);
}

/// The message of the std::runtime_error that emitting throws ("" if none).
std::string emitError(const std::string &kernels, const runtime::Plan &plan) {
  try {
    emit(kernels, plan);
  } catch (const std::runtime_error &e) {
    return e.what();
  }
  return "";
}

/// One kernel under test: its body and the value it must compute.
struct Case {
  std::string name;
  std::string body;
  std::function<float(float, float)> expected;
  /// Compare bits (NaN equals NaN, -0 differs from +0) rather than with a
  /// relative tolerance.
  bool exact = true;
};

/// Every pair of these values.
const std::vector<float> &specialValues() {
  static const std::vector<float> values = {
      kNan, -kInf, -3.5f, -1.0f, -0.0f, 0.0f, 0.5f, 1.0f, 2.0f, 3.5f, kInf,
      65520.0f,             // rounds up to f16 infinity
      1.00048828125f,       // halfway between f16 1 and 1 + 2^-10: to even
      1.00146484375f,       // halfway between two f16 values: up to even
      1.00390625f,          // halfway between bf16 1 and 1 + 2^-7: to even
      3.0e-8f,              // an f16 subnormal
  };
  return values;
}

bool sameBits(float a, float b) {
  if (std::isnan(a) && std::isnan(b))
    return true;
  uint32_t x, y;
  std::memcpy(&x, &a, 4);
  std::memcpy(&y, &b, 4);
  return x == y;
}

class OpenclEmitSemanticsTest : public OpenclTest {
protected:
  /// Builds every case's kernel in one program, runs each over all pairs
  /// of `values` and compares with its expected function.
  void check(const std::vector<Case> &cases, const std::vector<float> &values) {
    std::string kernels;
    std::vector<std::string> names;
    for (const Case &c : cases) {
      kernels += kernel(c.name, c.body);
      names.push_back(c.name);
    }
    runtime::Plan plan = planOf(names);
    std::string source = emit(kernels, plan);
    // No disk cache: PoCL compiles every kernel to machine code when asked
    // for a program's binary, and this test needs only the kernels it runs.
    ContextOptions options;
    options.cacheDirectory = "";
    auto context = std::make_unique<Context>(device, options);
    std::shared_ptr<const Program> program;
    ASSERT_NO_THROW(program = context->programs().build(
                        "semantics", source,
                        codegen::opencl::kOpenclBuildOptions))
        << source;
    std::vector<float> xs, ys;
    for (float x : values)
      for (float y : values) {
        xs.push_back(x);
        ys.push_back(y);
      }
    int64_t n = static_cast<int64_t>(xs.size());
    size_t bytes = xs.size() * sizeof(float);
    Buffer x = context->buffers().allocate(bytes, "x");
    Buffer y = context->buffers().allocate(bytes, "y");
    Buffer out = context->buffers().allocate(bytes, "out");
    context->upload(x, xs.data(), bytes);
    context->upload(y, ys.data(), bytes);
    for (const Case &c : cases) {
      SCOPED_TRACE(c.name + ":\n" + c.body);
      Kernel k(program, c.name);
      // b0..b2, d0 = N, then first, count, stride, repeats, repeatStride:
      // the work items run two per work-item, in two repeats.
      k.launch(context->queue(),
               {KernelArg::ofBuffer(x.handle()), KernelArg::ofBuffer(y.handle()),
                KernelArg::ofBuffer(out.handle()), KernelArg::ofInt64(n),
                KernelArg::ofInt64(0), KernelArg::ofInt64((n + 3) / 4),
                KernelArg::ofInt64(2), KernelArg::ofInt64(2),
                KernelArg::ofInt64(2 * ((n + 3) / 4))},
               {static_cast<size_t>((n + 3) / 4)});
      std::vector<float> got(xs.size());
      context->download(out, got.data(), bytes);
      int failures = 0;
      for (size_t i = 0; i < got.size() && failures < 5; ++i) {
        float want = c.expected(xs[i], ys[i]);
        bool ok = c.exact ? sameBits(got[i], want)
                          : (std::isnan(want) ? std::isnan(got[i])
                             : std::isinf(want)
                                 ? got[i] == want
                                 : std::fabs(got[i] - want) <=
                                       1e-5f * std::fmax(1.0f, std::fabs(want)));
        if (!ok) {
          ++failures;
          ADD_FAILURE() << c.name << "(" << xs[i] << ", " << ys[i]
                        << "): got " << got[i] << ", want " << want;
        }
      }
    }
  }
};

float boolean(bool b) { return b ? 1.0f : 0.0f; }

TEST_F(OpenclEmitSemanticsTest, EveryCmpfPredicate) {
  using F = std::function<float(float, float)>;
  auto unordered = [](float a, float b) { return std::isnan(a) || std::isnan(b); };
  std::vector<std::pair<std::string, F>> predicates = {
      {"false", [](float, float) { return 0.0f; }},
      {"oeq", [](float a, float b) { return boolean(a == b); }},
      {"ogt", [](float a, float b) { return boolean(a > b); }},
      {"oge", [](float a, float b) { return boolean(a >= b); }},
      {"olt", [](float a, float b) { return boolean(a < b); }},
      {"ole", [](float a, float b) { return boolean(a <= b); }},
      {"one", [=](float a, float b) { return boolean(!unordered(a, b) && a != b); }},
      {"ord", [=](float a, float b) { return boolean(!unordered(a, b)); }},
      {"ueq", [=](float a, float b) { return boolean(unordered(a, b) || a == b); }},
      {"ugt", [=](float a, float b) { return boolean(unordered(a, b) || a > b); }},
      {"uge", [=](float a, float b) { return boolean(unordered(a, b) || a >= b); }},
      {"ult", [=](float a, float b) { return boolean(unordered(a, b) || a < b); }},
      {"ule", [=](float a, float b) { return boolean(unordered(a, b) || a <= b); }},
      {"une", [=](float a, float b) { return boolean(unordered(a, b) || a != b); }},
      {"uno", [=](float a, float b) { return boolean(unordered(a, b)); }},
      {"true", [](float, float) { return 1.0f; }},
  };
  std::vector<Case> cases;
  for (const auto &[predicate, expected] : predicates)
    cases.push_back({"cmpf_" + predicate,
                     "    %p = arith.cmpf " + predicate + ", %x, %y : f32\n"
                     "    %r = arith.select %p, %one, %zero : f32",
                     expected});
  check(cases, specialValues());
}

TEST_F(OpenclEmitSemanticsTest, MaximumMinimumAndNum) {
  auto maximum = [](float a, float b) {
    if (std::isnan(a) || std::isnan(b))
      return kNan;
    if (a == b)
      return std::signbit(a) ? b : a;
    return a > b ? a : b;
  };
  auto minimum = [](float a, float b) {
    if (std::isnan(a) || std::isnan(b))
      return kNan;
    if (a == b)
      return std::signbit(a) ? a : b;
    return a < b ? a : b;
  };
  // maxnum/minnum: the number when one is NaN; the sign of a zero result
  // is unspecified, so those compare as values (+0 == -0).
  check({{"maximumf", "    %r = arith.maximumf %x, %y : f32", maximum},
         {"minimumf", "    %r = arith.minimumf %x, %y : f32", minimum},
         {"maxnumf", "    %m = arith.maxnumf %x, %y : f32\n"
                     "    %r = arith.addf %m, %zero : f32",
          [](float a, float b) { return std::fmax(a, b) + 0.0f; }},
         {"minnumf", "    %m = arith.minnumf %x, %y : f32\n"
                     "    %r = arith.addf %m, %zero : f32",
          [](float a, float b) { return std::fmin(a, b) + 0.0f; }}},
        specialValues());
}

TEST_F(OpenclEmitSemanticsTest, FloatRoundingAndConversions) {
  check({{"f16", "    %h = arith.truncf %x : f32 to f16\n"
                 "    %r = arith.extf %h : f16 to f32",
          [](float a, float) {
            return static_cast<float>(runtime::roundTo(runtime::DType::F16, a));
          }},
         {"bf16", "    %h = arith.truncf %x : f32 to bf16\n"
                  "    %r = arith.extf %h : bf16 to f32",
          [](float a, float) {
            return static_cast<float>(runtime::roundTo(runtime::DType::BF16, a));
          }},
         {"f64_to_f16", "    %d = arith.extf %x : f32 to f64\n"
                        "    %e = arith.constant 1.0e-9 : f64\n"
                        "    %s = arith.addf %d, %e : f64\n"
                        "    %h = arith.truncf %s : f64 to f16\n"
                        "    %r = arith.extf %h : f16 to f32",
          [](float a, float) {
            return static_cast<float>(
                runtime::roundTo(runtime::DType::F16, double(a) + 1.0e-9));
          }},
         {"f64_divide", "    %xd = arith.extf %x : f32 to f64\n"
                        "    %yd = arith.extf %y : f32 to f64\n"
                        "    %q = arith.divf %xd, %yd : f64\n"
                        "    %r = arith.truncf %q : f64 to f32",
          [](float a, float b) {
            return static_cast<float>(double(a) / double(b));
          }},
         {"f32_divide_sqrt", "    %q = arith.divf %x, %y : f32\n"
                             "    %a = math.absf %q : f32\n"
                             "    %r = math.sqrt %a : f32",
          [](float a, float b) { return std::sqrt(std::fabs(a / b)); }},
         {"negf_remf", "    %n = arith.negf %x : f32\n"
                       "    %r = arith.remf %n, %y : f32",
          [](float a, float b) { return std::fmod(-a, b); }},
         {"literals", "    %big = arith.constant 3.40282347e+38 : f32\n"
                      "    %tiny = arith.constant 1.40129846e-45 : f32\n"
                      "    %third = arith.constant 0.333333343 : f32\n"
                      "    %ninf = arith.constant 0xFF800000 : f32\n"
                      "    %s = arith.mulf %x, %third : f32\n"
                      "    %t = arith.addf %s, %tiny : f32\n"
                      "    %u = arith.minimumf %t, %big : f32\n"
                      "    %r = arith.maximumf %u, %ninf : f32",
          [](float a, float) {
            float t = a * 0.333333343f + 1.40129846e-45f;
            if (std::isnan(t))
              return kNan;
            return std::fmax(std::fmin(t, 3.40282347e+38f), -kInf);
          }}},
        specialValues());
}

TEST_F(OpenclEmitSemanticsTest, IntegerSignedness) {
  std::vector<float> values;
  for (int v = -9; v <= 9; ++v)
    if (v != 0)
      values.push_back(static_cast<float>(v));
  values.push_back(-2147483520.0f); // needs the full i32 range
  auto i32 = [](float a) { return static_cast<int32_t>(a); };
  auto i64 = [](float a) { return static_cast<int64_t>(a); };
  check({{"divsi_remsi",
          "    %a = arith.fptosi %x : f32 to i64\n"
          "    %b = arith.fptosi %y : f32 to i64\n"
          "    %q = arith.divsi %a, %b : i64\n"
          "    %m = arith.remsi %a, %b : i64\n"
          "    %s = arith.muli %q, %b : i64\n"
          "    %t = arith.addi %m, %s : i64\n"
          "    %k = arith.constant 1000 : i64\n"
          "    %u = arith.muli %q, %k : i64\n"
          "    %v = arith.addi %u, %m : i64\n"
          "    %w = arith.subi %v, %t : i64\n"
          "    %r = arith.sitofp %w : i64 to f32",
          [=](float a, float b) {
            int64_t q = i64(a) / i64(b), m = i64(a) % i64(b);
            return static_cast<float>(q * 1000 + m - (m + q * i64(b)));
          }},
         {"minsi_maxsi_cmpi",
          "    %a = arith.fptosi %x : f32 to i64\n"
          "    %b = arith.fptosi %y : f32 to i64\n"
          "    %lo = arith.minsi %a, %b : i64\n"
          "    %hi = arith.maxsi %a, %b : i64\n"
          "    %k = arith.constant -3 : i64\n"
          "    %c = arith.maxsi %lo, %k : i64\n"
          "    %lt = arith.cmpi slt, %c, %hi : i64\n"
          "    %ult = arith.cmpi ult, %a, %b : i64\n"
          "    %both = arith.andi %lt, %ult : i1\n"
          "    %either = arith.ori %lt, %ult : i1\n"
          "    %odd = arith.xori %both, %either : i1\n"
          "    %hf = arith.sitofp %c : i64 to f32\n"
          "    %ten = arith.constant 10.0 : f32\n"
          "    %s = arith.mulf %hf, %ten : f32\n"
          "    %r0 = arith.select %odd, %one, %zero : f32\n"
          "    %r = arith.addf %s, %r0 : f32",
          [=](float a, float b) {
            int64_t lo = std::min(i64(a), i64(b)), hi = std::max(i64(a), i64(b));
            int64_t c = std::max<int64_t>(lo, -3);
            bool lt = c < hi;
            bool ult = static_cast<uint64_t>(i64(a)) < static_cast<uint64_t>(i64(b));
            return static_cast<float>(c) * 10.0f + ((lt && ult) != (lt || ult) ? 1.0f : 0.0f);
          }},
         {"shifts_i32",
          "    %a = arith.fptosi %x : f32 to i32\n"
          "    %one32 = arith.constant 1 : i32\n"
          "    %u = arith.shrui %a, %one32 : i32\n"
          "    %s = arith.shrsi %a, %one32 : i32\n"
          "    %l = arith.shli %s, %one32 : i32\n"
          "    %uf = arith.uitofp %u : i32 to f32\n"
          "    %lf = arith.sitofp %l : i32 to f32\n"
          "    %r = arith.addf %uf, %lf : f32",
          [=](float a, float) {
            uint32_t u = static_cast<uint32_t>(i32(a)) >> 1;
            int32_t s = i32(a) >> 1;
            int32_t l = static_cast<int32_t>(static_cast<uint32_t>(s) << 1);
            return static_cast<float>(u) + static_cast<float>(l);
          }},
         {"extensions",
          "    %a = arith.fptosi %x : f32 to i32\n"
          "    %t = arith.trunci %a : i32 to i16\n"
          "    %s = arith.extsi %t : i16 to i64\n"
          "    %z = arith.extui %t : i16 to i64\n"
          "    %sf = arith.sitofp %s : i64 to f32\n"
          "    %zf = arith.sitofp %z : i64 to f32\n"
          "    %k = arith.constant 100000.0 : f32\n"
          "    %m = arith.mulf %zf, %k : f32\n"
          "    %r = arith.addf %m, %sf : f32",
          [=](float a, float) {
            int16_t t = static_cast<int16_t>(i32(a));
            return static_cast<float>(static_cast<uint16_t>(t)) * 100000.0f +
                   static_cast<float>(t);
          }},
         {"bitcasts",
          "    %b = arith.bitcast %x : f32 to i32\n"
          "    %m = arith.constant 2147483647 : i32\n"
          "    %a = arith.andi %b, %m : i32\n"
          "    %r = arith.bitcast %a : i32 to f32",
          [](float a, float) { return std::fabs(a); }}},
        values);
}

TEST_F(OpenclEmitSemanticsTest, ControlFlowAndPrivateArrays) {
  check({{"swap_loop",
          // Three swaps of (x, y): the yield reads both before writing.
          "    %n = arith.constant 3 : i64\n"
          "    %a, %b = scf.for %k = %c0 to %n step %c1 iter_args(%p = %x, %q = %y) -> (f32, f32) : i64 {\n"
          "      scf.yield %q, %p : f32, f32\n"
          "    }\n"
          "    %ten = arith.constant 10.0 : f32\n"
          "    %s = arith.mulf %a, %ten : f32\n"
          "    %r = arith.addf %s, %b : f32",
          [](float a, float b) { return b * 10.0f + a; }},
         {"if_results",
          "    %c = arith.cmpf olt, %x, %y : f32\n"
          "    %u, %v = scf.if %c -> (f32, f32) {\n"
          "      %d = arith.subf %y, %x : f32\n"
          "      scf.yield %d, %x : f32, f32\n"
          "    } else {\n"
          "      scf.yield %zero, %y : f32, f32\n"
          "    }\n"
          "    %r = arith.addf %u, %v : f32",
          [](float a, float b) { return a < b ? (b - a) + a : 0.0f + b; }},
         {"private_array",
          "    %c4 = arith.constant 4 : i64\n"
          "    %arr = llvm.alloca %c4 x f32 : (i64) -> !llvm.ptr\n"
          "    scf.for %k = %c0 to %c4 step %c1 : i64 {\n"
          "      %kf = arith.sitofp %k : i64 to f32\n"
          "      %v = arith.mulf %kf, %x : f32\n"
          "      %at = llvm.getelementptr %arr[%k] : (!llvm.ptr, i64) -> !llvm.ptr, f32\n"
          "      llvm.store %v, %at : f32, !llvm.ptr\n"
          "    }\n"
          "    %at2 = llvm.getelementptr %arr[%c2] : (!llvm.ptr, i64) -> !llvm.ptr, f32\n"
          "    %two = llvm.load %at2 : !llvm.ptr -> f32\n"
          "    %r = arith.addf %two, %y : f32",
          [](float a, float b) { return 2.0f * a + b; }},
         {"math",
          "    %a = math.absf %x : f32\n"
          "    %e = math.exp %a : f32\n"
          "    %l = math.log1p %e : f32\n"
          "    %m = math.expm1 %l : f32\n"
          "    %t = math.tanh %y : f32\n"
          "    %p = math.powf %a, %t : f32\n"
          "    %s = arith.addf %m, %p : f32\n"
          "    %r = math.erf %s : f32",
          [](float a, float b) {
            float m = std::expm1(std::log1p(std::exp(std::fabs(a))));
            return std::erf(m + std::pow(std::fabs(a), std::tanh(b)));
          },
          /*exact=*/false}},
        {-3.0f, -0.5f, 0.0f, 0.25f, 1.0f, 2.5f});
}

TEST(OpenclEmitRefusals, UnsupportedOpsAndKernels) {
  runtime::Plan plan = planOf({"k"});
  std::string message = emitError(
      kernel("k", "    %a = arith.fptosi %x : f32 to i64\n"
                  "    %b = arith.fptosi %y : f32 to i64\n"
                  "    %q = arith.ceildivsi %a, %b : i64\n"
                  "    %r = arith.sitofp %q : i64 to f32"),
      plan);
  EXPECT_NE(message.find("semantics.mlir:"), std::string::npos) << message;
  EXPECT_NE(message.find(": the OpenCL target cannot print 'arith.ceildivsi'"),
            std::string::npos)
      << message;

  message = emitError(kernel("k", "    %h = arith.truncf %x : f32 to f16\n"
                                  "    %s = arith.addf %h, %h : f16\n"
                                  "    %r = arith.extf %s : f16 to f32"),
                      plan);
  EXPECT_NE(message.find("cannot print 'arith.addf': arithmetic on f16 values"),
            std::string::npos)
      << message;

  message = emitError(kernel("other", "    %r = arith.addf %x, %y : f32"), plan);
  EXPECT_NE(message.find("cannot print kernel 'other': no kernel step of the "
                         "plan has this name"),
            std::string::npos)
      << message;

  // A buffer slot the step does not have.
  runtime::Plan twoBuffers = plan;
  twoBuffers.steps[0].buffers = {0, 1};
  message = emitError(kernel("k", "    %r = arith.addf %x, %y : f32"), twoBuffers);
  EXPECT_NE(message.find("cannot print 'llvm.getelementptr': an index into the "
                         "buffers that is not a constant below 2"),
            std::string::npos)
      << message;

  // The same kernel prints when everything is known.
  EXPECT_EQ(emitError(kernel("k", "    %r = arith.addf %x, %y : f32"), plan), "");
}

} // namespace
