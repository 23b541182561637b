//===- ApiTest.cpp - Behaviour of the public embedding API ----------------===//
//
// Errors (located diagnostics for bad text; clear messages for tensors that
// do not fit), model metadata, params bound once or passed per call,
// borrowed (also strided) host memory, 16-bit arguments from f32 data, and
// the compile cache. Run on Target::Cpu, and on Target::Reference where the
// behaviour must be the same.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"

#include <limits>
#include <regex>

using namespace sluice;
using namespace sluice::itest;

namespace sluice {
/// For gtest's messages.
void PrintTo(Target target, std::ostream *os) {
  *os << (target == Target::Cpu ? "cpu" : "reference");
}
} // namespace sluice

namespace {

const std::string kEmaPath = std::string(SLUICE_EXAMPLES_DIR) + "/ema.sl";

Tensor filled(DType dtype, std::vector<int64_t> shape, double start = 0.1) {
  Tensor t(dtype, std::move(shape));
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.setDouble(i, start + 0.01 * static_cast<double>(i % 37));
  return t;
}

class ApiTest : public testing::TestWithParam<Target> {
protected:
  CompileOptions options() const {
    CompileOptions o;
    o.target = GetParam();
    return o;
  }
};

// ---- errors in the model text ----

TEST_P(ApiTest, BadModelTextIsALocatedError) {
  std::string what = errorOf([&] {
    compileString("model m {\n  dims T\n  input x : f32[T]\n  output y = x + z\n}\n",
                  "bad.sl", options());
  });
  EXPECT_NE(what.find("bad.sl:4:18: error: unknown name 'z'"), std::string::npos)
      << what;
  // Followed by the source line and a caret, like clang.
  EXPECT_NE(what.find("  output y = x + z\n                 ^"), std::string::npos)
      << what;

  what = errorOf([&] {
    compileString("model m {\n  dims T\n  input x : f32[T]\n  output y = x +\n}\n",
                  "dir/other.sl", options());
  });
  EXPECT_TRUE(std::regex_search(
      what, std::regex(R"(dir/other\.sl:[0-9]+:[0-9]+: error: )")))
      << what;

  what = errorOf([&] { compileString("@@@", "junk.sl", options()); });
  EXPECT_NE(what.find("junk.sl:1:1: error:"), std::string::npos) << what;
}

TEST_P(ApiTest, MissingFileAndUnknownModel) {
  std::string what = errorOf(
      [&] { compileFile("/nonexistent/dir/model.sl", options()); });
  EXPECT_NE(what.find("/nonexistent/dir/model.sl"), std::string::npos) << what;

  CompileOptions o = options();
  o.model = "nope";
  what = errorOf([&] { compileFile(kEmaPath, o); });
  EXPECT_NE(what.find("nope"), std::string::npos) << what;
  EXPECT_NE(what.find("ema"), std::string::npos) << what; // what it defines
}

TEST(Api, ParseTarget) {
  EXPECT_EQ(parseTarget("cpu"), Target::Cpu);
  EXPECT_EQ(parseTarget("reference"), Target::Reference);
  std::string what = errorOf([] { parseTarget("gpu"); });
  EXPECT_NE(what.find("gpu"), std::string::npos) << what;
}

// ---- metadata ----

TEST_P(ApiTest, Metadata) {
  std::shared_ptr<Model> m =
      compileFile(std::string(SLUICE_EXAMPLES_DIR) + "/hawk_rglru.sl", options());
  EXPECT_EQ(m->name(), "hawk_rglru");
  EXPECT_EQ(m->inputNames(), std::vector<std::string>{"x"});
  EXPECT_EQ(m->paramNames(),
            (std::vector<std::string>{"Wa", "ba", "Wx", "bx", "lam"}));
  EXPECT_EQ(m->outputNames(), std::vector<std::string>{"h"});
  EXPECT_EQ(m->argumentType("x"), DType::F32);
  EXPECT_EQ(m->argumentDims("x"), (std::vector<std::string>{"B", "T", "D"}));
  EXPECT_EQ(m->argumentDims("Wa"), (std::vector<std::string>{"D", "D"}));
  std::string what = errorOf([&] { m->argumentType("h"); });
  EXPECT_NE(what.find("'h'"), std::string::npos) << what;

  std::shared_ptr<Model> lit = compileString(
      "model lit {\n  dims T\n  input x : bf16[T, 3]\n  output y = x\n}\n",
      "lit.sl", options());
  EXPECT_EQ(lit->argumentType("x"), DType::BF16);
  EXPECT_EQ(lit->argumentDims("x"), (std::vector<std::string>{"T", "3"}));
}

TEST_P(ApiTest, SeveralModelsInOneFile) {
  const char *text = "model one {\n  dims T\n  input x : f32[T]\n  output y = 2.0 * x\n}\n"
                     "model two {\n  dims T\n  input x : f32[T]\n  output y = 3.0 * x\n}\n";
  CompileOptions o = options();
  o.model = "two";
  std::shared_ptr<Model> two = compileString(text, "two.sl", o);
  EXPECT_EQ(two->name(), "two");
  auto out = two->run({{"x", filled(DType::F32, {4}, 1.0)}});
  EXPECT_FLOAT_EQ(out.at("y").getDouble(0), 3.0f);
}

// ---- tensors that do not fit ----

TEST_P(ApiTest, UnknownInputName) {
  std::shared_ptr<Model> m = compileFile(kEmaPath, options());
  m->setParam("alpha", filled(DType::F32, {3}));
  std::string what = errorOf([&] {
    m->run({{"x", filled(DType::F32, {2, 5, 3})},
            {"nope", filled(DType::F32, {3})}});
  });
  EXPECT_NE(what.find("'nope'"), std::string::npos) << what;
  EXPECT_NE(what.find("ema"), std::string::npos) << what;

  what = errorOf([&] { m->setParam("nope", filled(DType::F32, {3})); });
  EXPECT_NE(what.find("'nope'"), std::string::npos) << what;
  // An input is not a param.
  what = errorOf([&] { m->setParam("x", filled(DType::F32, {2, 5, 3})); });
  EXPECT_NE(what.find("'x'"), std::string::npos) << what;
}

TEST_P(ApiTest, MissingParamAndInput) {
  std::shared_ptr<Model> m = compileFile(kEmaPath, options());
  std::string what =
      errorOf([&] { m->run({{"x", filled(DType::F32, {2, 5, 3})}}); });
  EXPECT_NE(what.find("param 'alpha'"), std::string::npos) << what;
  m->setParam("alpha", filled(DType::F32, {3}));
  what = errorOf([&] { m->run({}); });
  EXPECT_NE(what.find("input 'x'"), std::string::npos) << what;
}

TEST_P(ApiTest, WrongDType) {
  std::shared_ptr<Model> m = compileFile(kEmaPath, options());
  m->setParam("alpha", filled(DType::F32, {3}));
  std::string what =
      errorOf([&] { m->run({{"x", filled(DType::F64, {2, 5, 3})}}); });
  EXPECT_NE(what.find("'x'"), std::string::npos) << what;
  EXPECT_NE(what.find("f32"), std::string::npos) << what;
  EXPECT_NE(what.find("f64"), std::string::npos) << what;
  // f16 data for an f32 argument is not converted either.
  what = errorOf([&] { m->run({{"x", filled(DType::F16, {2, 5, 3})}}); });
  EXPECT_NE(what.find("f16"), std::string::npos) << what;
}

TEST_P(ApiTest, ShapesThatDisagreeWithTheDims) {
  std::shared_ptr<Model> m = compileFile(kEmaPath, options());
  m->setParam("alpha", filled(DType::F32, {4}));
  std::string what =
      errorOf([&] { m->run({{"x", filled(DType::F32, {2, 5, 3})}}); });
  // The message names the dim and both sizes.
  EXPECT_NE(what.find("'D'"), std::string::npos) << what;
  EXPECT_NE(what.find("3"), std::string::npos) << what;
  EXPECT_NE(what.find("4"), std::string::npos) << what;
  EXPECT_NE(what.find("'alpha'"), std::string::npos) << what;

  // Wrong rank.
  what = errorOf([&] { m->run({{"x", filled(DType::F32, {5, 4})}}); });
  EXPECT_NE(what.find("'x'"), std::string::npos) << what;

  // A literal size.
  std::shared_ptr<Model> lit = compileString(
      "model lit {\n  dims T\n  input x : f32[T, 3]\n  output y = 2.0 * x\n}\n",
      "lit.sl", options());
  what = errorOf([&] { lit->run({{"x", filled(DType::F32, {5, 4})}}); });
  EXPECT_NE(what.find("3"), std::string::npos) << what;
  EXPECT_NE(what.find("4"), std::string::npos) << what;
}

TEST_P(ApiTest, LastOfAnEmptyScanIsAnError) {
  std::shared_ptr<Model> m = compileString(
      "model e {\n  dims B, T, D\n  input x : f32[B, T, D]\n"
      "  scan t over T { m[t] = 0.5 * m[t-1] + x[t] }\n"
      "  output f = last(m)\n}\n",
      "empty_last.sl", options());
  std::string what =
      errorOf([&] { m->run({{"x", filled(DType::F32, {2, 0, 3})}}); });
  EXPECT_NE(what.find("empty_last.sl:5:"), std::string::npos) << what;
  // With steps, it runs.
  auto out = m->run({{"x", filled(DType::F32, {2, 4, 3})}});
  EXPECT_EQ(out.at("f").shape(), (std::vector<int64_t>{2, 3}));
}

TEST_P(ApiTest, UnknownScanStrategyIsAnError) {
  CompileOptions o = options();
  o.scanStrategy = "bogus";
  std::string what = errorOf([&] { compileFile(kEmaPath, o); });
  EXPECT_NE(what.find("unknown scan strategy 'bogus'"), std::string::npos) << what;
}

TEST_P(ApiTest, ErrorsLeaveTheModelUsable) {
  std::shared_ptr<Model> m = compileFile(kEmaPath, options());
  m->setParam("alpha", filled(DType::F32, {3}));
  errorOf([&] { m->run({{"x", filled(DType::F32, {2, 5, 4})}}); });
  auto out = m->run({{"x", filled(DType::F32, {2, 5, 3})}});
  EXPECT_EQ(out.at("m").shape(), (std::vector<int64_t>{2, 5, 3}));
}

// ---- running ----

TEST_P(ApiTest, BorrowedTensorsWork) {
  std::shared_ptr<Model> m = compileFile(kEmaPath, options());
  const int64_t B = 2, T = 9, D = 3;
  std::vector<float> alpha = {0.2f, 0.5f, 0.9f};
  std::vector<float> x(B * T * D);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = 0.1f * static_cast<float>(i % 11) - 0.4f;

  m->setParam("alpha", Tensor::borrow(alpha.data(), DType::F32, {D}));
  auto borrowed = m->run({{"x", Tensor::borrow(x.data(), DType::F32, {B, T, D})}});
  auto owned = m->run({{"x", Tensor::borrow(x.data(), DType::F32, {B, T, D}).clone()}});
  const Tensor &out = borrowed.at("m");
  EXPECT_TRUE(out.isOwned()); // outputs own their memory
  EXPECT_EQ(out.dtype(), DType::F32);
  EXPECT_EQ(out.shape(), (std::vector<int64_t>{B, T, D}));
  EXPECT_EQ(out.toDoubles(), owned.at("m").toDoubles());

  // By hand: m[t] = (1 - alpha) m[t-1] + alpha x[t].
  for (int64_t b = 0; b < B; ++b)
    for (int64_t d = 0; d < D; ++d) {
      double state = 0;
      for (int64_t t = 0; t < T; ++t) {
        int64_t i = (b * T + t) * D + d;
        state = (1.0 - alpha[d]) * state + alpha[d] * x[i];
        EXPECT_NEAR(out.getDouble(i), state, 1e-6) << "b " << b << " t " << t
                                                   << " d " << d;
      }
    }

  // The borrowed memory is read at run time: new values, new results.
  alpha[0] = 1.0f;
  auto again = m->run({{"x", Tensor::borrow(x.data(), DType::F32, {B, T, D})}});
  EXPECT_FLOAT_EQ(again.at("m").getDouble(0), x[0]);
}

TEST_P(ApiTest, StridedBorrowedTensors) {
  // x viewed as [B, T, D] out of a [B, T, 2 * D] buffer (every other element).
  std::shared_ptr<Model> m = compileFile(kEmaPath, options());
  const int64_t B = 2, T = 6, D = 3;
  std::vector<float> buffer(B * T * 2 * D);
  for (size_t i = 0; i < buffer.size(); ++i)
    buffer[i] = static_cast<float>(i % 7) * 0.25f - 0.5f;
  Tensor view = Tensor::borrow(buffer.data(), DType::F32, {B, T, D},
                               {T * 2 * D, 2 * D, 2});
  EXPECT_FALSE(view.isContiguous());
  std::vector<float> alpha = {0.3f, 0.6f, 0.9f};
  m->setParam("alpha", Tensor::borrow(alpha.data(), DType::F32, {D}));
  auto strided = m->run({{"x", view}});
  auto dense = m->run({{"x", view.clone()}});
  EXPECT_EQ(strided.at("m").toDoubles(), dense.at("m").toDoubles());
}

// runInto fills every output the caller names, also where outputs share a
// value (an input passed through, two names for one value): each named
// tensor holds it, and the returned map points at the caller's memory.
TEST_P(ApiTest, RunIntoFillsOutputsThatShareAValue) {
  auto model =
      compileString("model passthrough {\n  dims T\n  input x : f32[T]\n"
                    "  let y = x\n  output x\n  output y\n"
                    "  output z = x * 2.0\n}\n",
                    "passthrough.sl", options());
  Tensor x = filled(DType::F32, {5});
  std::vector<float> xs(5, -1), ys(5, -1), zs(5, -1);
  std::map<std::string, Tensor> outputs{
      {"x", Tensor::borrow(xs.data(), DType::F32, {5})},
      {"y", Tensor::borrow(ys.data(), DType::F32, {5})},
      {"z", Tensor::borrow(zs.data(), DType::F32, {5})}};
  model->runInto({{"x", x}}, outputs);
  for (int64_t i = 0; i < 5; ++i) {
    float want = static_cast<float>(x.getDouble(i));
    EXPECT_EQ(xs[static_cast<size_t>(i)], want) << i;
    EXPECT_EQ(ys[static_cast<size_t>(i)], want) << i;
    EXPECT_EQ(zs[static_cast<size_t>(i)], 2 * want) << i;
  }
  EXPECT_EQ(outputs.at("x").data(), static_cast<void *>(xs.data()));
  EXPECT_EQ(outputs.at("y").data(), static_cast<void *>(ys.data()));
}

TEST_P(ApiTest, ParamsPassedToRunOverrideBoundOnes) {
  std::shared_ptr<Model> m = compileFile(kEmaPath, options());
  m->setParam("alpha", filled(DType::F32, {3}, 0.5));
  Tensor x = filled(DType::F32, {1, 4, 3});
  auto bound = m->run({{"x", x}});
  Tensor ones(DType::F32, {3});
  for (int64_t i = 0; i < 3; ++i)
    ones.setDouble(i, 1.0);
  auto overridden = m->run({{"x", x}, {"alpha", ones}});
  // alpha = 1: m is x.
  EXPECT_EQ(overridden.at("m").toDoubles(), x.toDoubles());
  // The bound param is still used afterwards.
  EXPECT_EQ(m->run({{"x", x}}).at("m").toDoubles(), bound.at("m").toDoubles());
}

TEST_P(ApiTest, SixteenBitArgumentsTakeF32Data) {
  std::shared_ptr<Model> m = compileString(
      "model half {\n  dims T\n  input x : bf16[T]\n  input y : f16[T]\n"
      "  output a = 2.0 * x, b = y + y\n}\n",
      "half.sl", options());
  Tensor x32 = filled(DType::F32, {5}, 0.3);
  auto out = m->run({{"x", x32}, {"y", x32}});
  auto exact = m->run({{"x", x32.convertTo(DType::BF16)},
                       {"y", x32.convertTo(DType::F16)}});
  EXPECT_EQ(out.at("a").dtype(), DType::BF16);
  EXPECT_EQ(out.at("b").dtype(), DType::F16);
  EXPECT_EQ(out.at("a").toDoubles(), exact.at("a").toDoubles());
  EXPECT_EQ(out.at("b").toDoubles(), exact.at("b").toDoubles());
}

TEST_P(ApiTest, HandlesHaveTheirOwnParams) {
  std::shared_ptr<Model> a = compileFile(kEmaPath, options());
  std::shared_ptr<Model> b = compileFile(kEmaPath, options());
  a->setParam("alpha", filled(DType::F32, {3}, 0.5));
  std::string what = errorOf([&] { b->run({{"x", filled(DType::F32, {1, 4, 3})}}); });
  EXPECT_NE(what.find("alpha"), std::string::npos) << what;
}

TEST_P(ApiTest, CompileCacheReturnsAWorkingModel) {
  const char *text = "model cached {\n  dims T\n  input x : f32[T]\n"
                     "  output y = cumsum(x, T)\n}\n";
  // A text no other test compiles, so the first compile is a miss.
  std::string unique = std::string(text) + "# " +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name() +
                       "\n";
  CompileCacheStats before = compileCacheStats();
  std::shared_ptr<Model> first = compileString(unique, "cached.sl", options());
  CompileCacheStats afterFirst = compileCacheStats();
  EXPECT_EQ(afterFirst.compiles, before.compiles + 1);
  std::shared_ptr<Model> second = compileString(unique, "cached.sl", options());
  CompileCacheStats afterSecond = compileCacheStats();
  EXPECT_EQ(afterSecond.compiles, afterFirst.compiles); // no new compile
  EXPECT_EQ(afterSecond.hits, afterFirst.hits + 1);
  EXPECT_NE(first.get(), second.get()); // separate handles
  Tensor x = filled(DType::F32, {6});
  EXPECT_EQ(first->run({{"x", x}}).at("y").toDoubles(),
            second->run({{"x", x}}).at("y").toDoubles());
  // Other options compile again (and give the same numbers).
  CompileOptions o = options();
  o.fusion = false;
  std::shared_ptr<Model> third = compileString(unique, "cached.sl", o);
  EXPECT_EQ(compileCacheStats().compiles, afterSecond.compiles + 1);
  EXPECT_EQ(third->run({{"x", x}}).at("y").toDoubles(),
            first->run({{"x", x}}).at("y").toDoubles());
}

INSTANTIATE_TEST_SUITE_P(Targets, ApiTest,
                         testing::Values(Target::Cpu, Target::Reference),
                         [](const testing::TestParamInfo<Target> &info) {
                           return info.param == Target::Cpu ? "Cpu"
                                                            : "Reference";
                         });

} // namespace

namespace {

// ---- the comparison these tests rely on ----

Tensor values(DType dtype, std::vector<double> v) {
  Tensor t(dtype, {static_cast<int64_t>(v.size())});
  for (size_t i = 0; i < v.size(); ++i)
    t.setDouble(static_cast<int64_t>(i), v[i]);
  return t;
}

TEST(Support, MatchesUsesTheBoundsAndRejectsNaN) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Tensor ref = values(DType::F32, {3, -4, 0}); // ||ref|| = 5
  EXPECT_TRUE(matches(ref, ref));
  EXPECT_TRUE(matches(values(DType::F32, {3, -4, 4e-5}), ref));  // 8e-6
  EXPECT_FALSE(matches(values(DType::F32, {3, -4, 6e-5}), ref)); // 1.2e-5
  EXPECT_FALSE(matches(values(DType::F64, {3, -4, 0}), ref));    // dtype
  EXPECT_FALSE(matches(values(DType::F32, {3, -4}), values(DType::F32, {3, -4, 0})));
  EXPECT_TRUE(matches(values(DType::F64, {3, -4, 4e-12}), values(DType::F64, {3, -4, 0})));
  EXPECT_FALSE(matches(values(DType::F64, {3, -4, 1e-10}), values(DType::F64, {3, -4, 0})));
  EXPECT_TRUE(matches(values(DType::BF16, {3, -4, 0.04}), values(DType::BF16, {3, -4, 0})));
  EXPECT_FALSE(matches(values(DType::BF16, {3, -4, 0.06}), values(DType::BF16, {3, -4, 0})));
  EXPECT_FALSE(matches(values(DType::F16, {3, -4, 0.06}), values(DType::F16, {3, -4, 0})));
  // NaN never passes, not even against NaN.
  EXPECT_FALSE(matches(values(DType::F32, {nan}), values(DType::F32, {nan})));
  EXPECT_FALSE(matches(values(DType::F32, {3, nan}), values(DType::F32, {3, 1})));
  EXPECT_FALSE(matches(values(DType::F32, {3, 1}), values(DType::F32, {3, nan})));
  // Infinities only where the reference has the same one.
  EXPECT_TRUE(matches(values(DType::F32, {-inf, 2}), values(DType::F32, {-inf, 2})));
  EXPECT_FALSE(matches(values(DType::F32, {inf, 2}), values(DType::F32, {-inf, 2})));
  EXPECT_FALSE(matches(values(DType::F32, {1e30, 2}), values(DType::F32, {inf, 2})));
  // An all-zero reference needs an all-zero result.
  EXPECT_TRUE(matches(values(DType::F32, {0, 0}), values(DType::F32, {0, 0})));
  EXPECT_FALSE(matches(values(DType::F32, {0, 1e-30}), values(DType::F32, {0, 0})));
}

} // namespace
