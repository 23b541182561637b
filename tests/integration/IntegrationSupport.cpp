//===- IntegrationSupport.cpp - Shared helpers of the integration tests ---===//

#include "IntegrationSupport.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

namespace sluice::itest {

std::vector<int64_t> shapeOf(const Model &model, const std::string &name,
                             const Dims &dims) {
  std::vector<int64_t> shape;
  for (const std::string &dim : model.argumentDims(name)) {
    if (!dim.empty() && dim[0] >= '0' && dim[0] <= '9') {
      shape.push_back(std::stoll(dim)); // a literal size
      continue;
    }
    auto it = dims.find(dim);
    if (it == dims.end()) {
      ADD_FAILURE() << "the test gives no size for dim '" << dim << "' of '"
                    << name << "' (model '" << model.name() << "')";
      shape.push_back(1);
      continue;
    }
    shape.push_back(it->second);
  }
  return shape;
}

std::map<std::string, Tensor> drawArguments(const Model &model,
                                            const Dims &dims,
                                            const Ranges &ranges,
                                            uint64_t seed) {
  std::map<std::string, Tensor> args;
  std::vector<std::string> names = model.inputNames();
  for (const std::string &p : model.paramNames())
    names.push_back(p);
  for (const std::string &name : names) {
    // One generator per argument, so adding an argument to a model does not
    // change the values of the others.
    std::seed_seq seq{seed, static_cast<uint64_t>(std::hash<std::string>{}(name))};
    std::mt19937_64 gen(seq);
    Range range;
    if (auto it = ranges.find(name); it != ranges.end())
      range = it->second;
    std::uniform_real_distribution<double> uniform(range.lo, range.hi);
    Tensor t(model.argumentType(name), shapeOf(model, name, dims));
    for (int64_t i = 0; i < t.numElements(); ++i)
      t.setDouble(i, uniform(gen)); // rounded to the argument's dtype
    args.emplace(name, t);
  }
  return args;
}

double tolerance(DType dtype) {
  switch (dtype) {
  case DType::F64:
    return 1e-12;
  case DType::F32:
    return 1e-5;
  case DType::F16:
  case DType::BF16:
    return 1e-2;
  }
  return 0;
}

::testing::AssertionResult matches(const Tensor &cpu, const Tensor &ref) {
  if (cpu.dtype() != ref.dtype())
    return ::testing::AssertionFailure()
           << "dtype " << runtime::dtypeName(cpu.dtype()) << ", reference "
           << runtime::dtypeName(ref.dtype());
  if (cpu.shape() != ref.shape())
    return ::testing::AssertionFailure()
           << "shape " << runtime::shapeToString(cpu.shape()) << ", reference "
           << runtime::shapeToString(ref.shape());
  std::vector<double> got = cpu.toDoubles();
  std::vector<double> want = ref.toDoubles();
  double diff2 = 0, ref2 = 0, worst = -1;
  int64_t worstAt = -1;
  for (size_t i = 0; i < got.size(); ++i) {
    double g = got[i], w = want[i];
    if (std::isnan(g) || std::isnan(w))
      return ::testing::AssertionFailure()
             << "NaN at element " << i << " (cpu " << g << ", reference " << w
             << "; shape " << runtime::shapeToString(ref.shape()) << ")";
    if (std::isinf(g) || std::isinf(w)) {
      if (g != w)
        return ::testing::AssertionFailure()
               << "infinity mismatch at element " << i << " (cpu " << g
               << ", reference " << w << "; shape "
               << runtime::shapeToString(ref.shape()) << ")";
      continue;
    }
    double d = g - w;
    diff2 += d * d;
    ref2 += w * w;
    if (std::fabs(d) > worst) {
      worst = std::fabs(d);
      worstAt = static_cast<int64_t>(i);
    }
  }
  double rel = std::sqrt(diff2) /
               std::max(std::sqrt(ref2), std::numeric_limits<double>::min());
  double bound = tolerance(ref.dtype());
  if (!(rel <= bound)) {
    ::testing::AssertionResult r = ::testing::AssertionFailure();
    r << "relative error " << rel << " > " << bound << " ("
      << runtime::dtypeName(ref.dtype()) << ", shape "
      << runtime::shapeToString(ref.shape()) << ", ||ref|| = "
      << std::sqrt(ref2) << "); worst element " << worstAt << ": cpu "
      << got[worstAt] << ", reference " << want[worstAt] << "; first values:";
    for (size_t i = 0; i < std::min<size_t>(got.size(), 8); ++i)
      r << " (" << got[i] << " vs " << want[i] << ")";
    return r;
  }
  return ::testing::AssertionSuccess();
}

void expectOutputsMatch(const std::map<std::string, Tensor> &got,
                        const std::map<std::string, Tensor> &want) {
  EXPECT_EQ(got.size(), want.size());
  for (const auto &[name, ref] : want) {
    auto it = got.find(name);
    if (it == got.end()) {
      ADD_FAILURE() << "no output '" << name << "'";
      continue;
    }
    EXPECT_TRUE(matches(it->second, ref)) << "output '" << name << "'";
  }
}

const std::vector<Variant> &allVariants() {
  static const std::vector<Variant> variants = {
      {"default", true, ""},
      {"no-fusion", false, ""},
      {"chunked", true, "chunked"},
      {"channel-parallel", true, "channel_parallel"},
  };
  return variants;
}

void expectCpuMatchesReference(const Case &c,
                               const std::vector<Variant> &variants) {
  std::ostringstream dims;
  for (const auto &[name, size] : c.dims)
    dims << name << '=' << size << ' ';
  SCOPED_TRACE(c.filename + (c.model.empty() ? "" : " model " + c.model) +
               ", dims " + dims.str());

  CompileOptions refOptions;
  refOptions.target = Target::Reference;
  refOptions.model = c.model;
  std::shared_ptr<Model> reference;
  try {
    reference = compileString(c.source, c.filename, refOptions);
  } catch (const Error &e) {
    FAIL() << "compiling for the reference: " << e.what();
  }
  std::map<std::string, Tensor> args =
      drawArguments(*reference, c.dims, c.ranges, c.seed);
  std::map<std::string, Tensor> want;
  try {
    want = reference->run(args);
  } catch (const Error &e) {
    FAIL() << "running the reference: " << e.what();
  }

  for (const Variant &variant : variants) {
    SCOPED_TRACE("cpu variant " + variant.name);
    CompileOptions options;
    options.target = Target::Cpu;
    options.model = c.model;
    options.fusion = variant.fusion;
    options.scanStrategy = variant.scanStrategy;
    try {
      std::shared_ptr<Model> cpu = compileString(c.source, c.filename, options);
      EXPECT_EQ(cpu->outputNames(), reference->outputNames());
      expectOutputsMatch(cpu->run(args), want);
    } catch (const Error &e) {
      ADD_FAILURE() << "cpu: " << e.what();
    }
  }
}

std::string readText(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace sluice::itest
