//===- RuntimeInputsTest.cpp - `sluice run` argument binding --------------===//

#include "driver/RunInputs.h"
#include "runtime/Npy.h"

#include <gtest/gtest.h>

using namespace sluice::driver;
using sluice::runtime::DType;
using sluice::runtime::Tensor;

namespace {

/// The ema model's args: x : f32[B, T, D] (input), alpha : f32[D] (param).
std::vector<ArgSpec> emaArgs() {
  return {{"x", false, {"B", "T", "D"}, DType::F32},
          {"alpha", true, {"D"}, DType::F32}};
}
const std::vector<std::string> kEmaDims = {"B", "T", "D"};

/// Writes a zero tensor of `dtype` and `shape` to a temp .npy; returns its
/// path.
std::string npyFile(const std::string &name, DType dtype,
                    std::vector<int64_t> shape) {
  std::string path = testing::TempDir() + "/sluice_inputs_" + name + ".npy";
  sluice::runtime::writeNpy(path, Tensor(dtype, std::move(shape)));
  return path;
}

/// The InputError message of binding `args` from `sources`.
std::string errorOf(const std::vector<ArgSpec> &args,
                    const InputSources &sources,
                    const std::vector<std::string> &dims = kEmaDims) {
  try {
    bindArguments("ema", args, dims, sources);
  } catch (const InputError &e) {
    return e.what();
  }
  return "(no error)";
}
} // namespace

TEST(RuntimeInputs, BindsFilesByName) {
  std::string x = npyFile("x", DType::F32, {2, 5, 4});
  std::string a = npyFile("a", DType::F32, {4});
  std::vector<Tensor> bound = bindArguments("ema", emaArgs(), kEmaDims,
                                            {{"alpha=" + a, "x=" + x}, "", 0});
  ASSERT_EQ(bound.size(), 2u);
  EXPECT_EQ(bound[0].shape(), (std::vector<int64_t>{2, 5, 4}));
  EXPECT_EQ(bound[1].shape(), (std::vector<int64_t>{4}));
}

TEST(RuntimeInputs, RandomIsDeterministicInRangeAndPerName) {
  InputSources s{{}, "B=2,T=3,D=4", 7};
  std::vector<Tensor> one = bindArguments("ema", emaArgs(), kEmaDims, s);
  std::vector<Tensor> two = bindArguments("ema", emaArgs(), kEmaDims, s);
  EXPECT_EQ(one[0].shape(), (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(one[0].toDoubles(), two[0].toDoubles());
  for (double v : one[0].toDoubles()) {
    EXPECT_GE(v, -1.0);
    EXPECT_LT(v, 1.0);
  }
  s.seed = 8;
  EXPECT_NE(bindArguments("ema", emaArgs(), kEmaDims, s)[0].toDoubles(),
            one[0].toDoubles());
  // Each arg draws its own stream: a file for alpha leaves x unchanged.
  std::string a = npyFile("a4", DType::F32, {4});
  s = {{"alpha=" + a}, "B=2,T=3,D=4", 7};
  EXPECT_EQ(bindArguments("ema", emaArgs(), kEmaDims, s)[0].toDoubles(),
            one[0].toDoubles());
  // 16-bit draws are exact values of their type.
  Tensor h = randomTensor(DType::F16, {64}, 1, "h");
  for (int64_t i = 0; i < 64; ++i)
    EXPECT_EQ(h.getDouble(i),
              sluice::runtime::roundTo(DType::F16, h.getDouble(i)));
}

TEST(RuntimeInputs, DimsFromFilesFeedRandomDraws) {
  std::string a = npyFile("a8", DType::F32, {8});
  std::vector<Tensor> bound =
      bindArguments("ema", emaArgs(), kEmaDims, {{"alpha=" + a}, "B=1,T=2", 0});
  EXPECT_EQ(bound[0].shape(), (std::vector<int64_t>{1, 2, 8}));
}

TEST(RuntimeInputs, SixteenBitArgsTakeF32Files) {
  std::vector<ArgSpec> args = {{"x", false, {"4"}, DType::F16}};
  std::string path = testing::TempDir() + "/sluice_inputs_h.npy";
  sluice::runtime::writeNpy(
      path, Tensor::fromDoubles({4}, {0.1, 1, 2, 3}).convertTo(DType::F32));
  std::vector<Tensor> bound =
      bindArguments("m", args, {}, {{"x=" + path}, "", 0});
  EXPECT_EQ(bound[0].dtype(), DType::F16);
  EXPECT_EQ(bound[0].getDouble(0), 0.0999755859375);
  std::string f64 = npyFile("h64", DType::F64, {4});
  EXPECT_EQ(errorOf(args, {{"x=" + f64}, "", 0}, {}),
            "'x' is declared f16, but " + f64 +
                " holds float64 (give a float16 or float32 file)");
}

TEST(RuntimeInputs, Errors) {
  std::string x = npyFile("x2", DType::F32, {2, 5, 4});
  std::string y = npyFile("y2", DType::F32, {2, 50, 4});
  std::string a3 = npyFile("a3", DType::F32, {3});
  std::string a64 = npyFile("a64", DType::F64, {4});
  std::string rank2 = npyFile("r2", DType::F32, {2, 5});
  EXPECT_EQ(errorOf(emaArgs(), {{"x=" + x}, "", 0}),
            "missing param 'alpha': give --input alpha=FILE.npy, or --random "
            "with the model's dims");
  EXPECT_EQ(errorOf(emaArgs(), {{"alpha=" + a3}, "", 0}),
            "missing input 'x': give --input x=FILE.npy, or --random with the "
            "model's dims");
  EXPECT_EQ(errorOf(emaArgs(), {{"foo=" + x}, "", 0}),
            "model 'ema' has no input or param 'foo' (it takes: x, alpha)");
  EXPECT_EQ(errorOf(emaArgs(), {{"x"}, "", 0}),
            "--input expects NAME=FILE.npy, got 'x'");
  EXPECT_EQ(errorOf(emaArgs(), {{"x=" + x, "x=" + x}, "", 0}),
            "--input gives 'x' twice");
  EXPECT_EQ(errorOf(emaArgs(), {{"x=" + x, "alpha=" + a3}, "", 0}),
            "dim 'D' is 4 in 'x' but 3 in 'alpha'");
  EXPECT_EQ(errorOf(emaArgs(), {{"alpha=" + a3}, "B=2,T=5,D=4", 0}),
            "dim 'D' is 4 in --random but 3 in 'alpha'");
  EXPECT_EQ(errorOf(emaArgs(), {{"x=" + x, "alpha=" + a64}, "", 0}),
            "'alpha' is declared f32, but " + a64 +
                " holds float64 (give a float32 file)");
  EXPECT_EQ(errorOf(emaArgs(), {{"x=" + rank2}, "D=4", 0}),
            "'x' has 3 dims [B, T, D], but " + rank2 + " has shape [2, 5]");
  EXPECT_EQ(
      errorOf({{"w", true, {"D", "16"}, DType::F32}}, {{"w=" + rank2}, "", 0}),
      "dim 1 of 'w' has the literal size 16, but " + rank2 +
          " has 5 there (shape [2, 5])");
  EXPECT_EQ(errorOf(emaArgs(), {{}, "B=2,T=5,Q=4", 0}),
            "--random: model 'ema' has no dim 'Q' (its dims: B, T, D)");
  EXPECT_EQ(errorOf(emaArgs(), {{}, "B=2,T=5", 0}),
            "--random does not give dim 'D' (used by 'x'): add D=SIZE");
  EXPECT_EQ(
      errorOf(emaArgs(), {{}, "B=2,T=+3,D=1", 0}),
      "--random: the size of dim 'T' must be a non-negative integer, got '+3'");
  EXPECT_EQ(errorOf(emaArgs(), {{}, "B=2,T5", 0}),
            "--random expects NAME=SIZE items separated by commas, got 'T5'");
  EXPECT_EQ(errorOf(emaArgs(), {{}, "B=2,B=3", 0}),
            "--random gives dim 'B' twice");
  EXPECT_EQ(errorOf({}, {{}, "B=2", 0}, {}),
            "--random: model 'ema' has no dim 'B' (it has no dims)");
  std::string missing = testing::TempDir() + "/sluice_no_such.npy";
  EXPECT_EQ(errorOf(emaArgs(), {{"x=" + missing}, "", 0}),
            missing + ": cannot open: No such file or directory");
  std::vector<ArgSpec> two = {{"x", false, {"B", "T", "D"}, DType::F32},
                              {"y", false, {"B", "T", "D"}, DType::F32}};
  EXPECT_EQ(errorOf(two, {{"x=" + x, "y=" + y}, "", 0}),
            "dim 'T' is 5 in 'x' but 50 in 'y'");
}
