//===- IntegrationSupport.h - Shared helpers of the integration tests -*- C++ -*-===//
//
// Drawing deterministic random arguments for a compiled model (through the
// public API only: names, dtypes and dims come from sluice::Model), and
// comparing a CPU result with the reference result by relative error:
//
//   ||cpu - ref||_2 / max(||ref||_2, tiny) <= 1e-5 (f32), 1e-12 (f64),
//                                              1e-2 (f16, bf16).
//
// NaN never passes (in either result); an infinity passes only where the
// other result has the same infinity (exclusive cummax starts at -inf), and
// such positions are left out of the norms.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_TESTS_INTEGRATION_INTEGRATIONSUPPORT_H
#define SLUICE_TESTS_INTEGRATION_INTEGRATIONSUPPORT_H

#include "sluice/sluice.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sluice::itest {

/// Sizes of the named dims.
using Dims = std::map<std::string, int64_t>;

/// A half-open range [lo, hi) that the values of one argument are drawn from.
struct Range {
  double lo = -1.0;
  double hi = 1.0;
};
/// Per-argument ranges; an argument not named here draws from [-1, 1).
using Ranges = std::map<std::string, Range>;

/// The shape of argument `name` of `model` with the named dims of `dims`
/// (a dim missing from `dims` is an error of the test).
std::vector<int64_t> shapeOf(const Model &model, const std::string &name,
                             const Dims &dims);

/// Draws every input and param of `model` (in its declared dtype), uniform
/// in the argument's range, deterministically from `seed`.
std::map<std::string, Tensor> drawArguments(const Model &model,
                                            const Dims &dims,
                                            const Ranges &ranges,
                                            uint64_t seed);

/// The bound on the relative error for outputs of `dtype`.
double tolerance(DType dtype);

/// `cpu` matches `ref` (same dtype and shape, relative error within
/// tolerance(dtype), NaN never, infinities only where equal).
::testing::AssertionResult matches(const Tensor &cpu, const Tensor &ref);

/// Expects every output of `got` to match the one of the same name in `want`
/// (and the same set of names).
void expectOutputsMatch(const std::map<std::string, Tensor> &got,
                        const std::map<std::string, Tensor> &want);

/// One way of compiling for the CPU.
struct Variant {
  std::string name;
  bool fusion = true;
  std::string scanStrategy;
};
/// Default options, fusion off, chunked forced, channel_parallel forced.
const std::vector<Variant> &allVariants();

/// One model to check: its text, the dims and value ranges to run it with.
struct Case {
  std::string source;
  std::string filename;
  std::string model; ///< empty: the file's only model
  Dims dims;
  Ranges ranges;
  uint64_t seed = 1;
};

/// Compiles `c` for Target::Reference and for Target::Cpu in each of
/// `variants`, runs them on the same drawn arguments and expects every CPU
/// output to match the reference one.
void expectCpuMatchesReference(const Case &c,
                               const std::vector<Variant> &variants =
                                   allVariants());

/// The what() of the sluice::Error that `f` throws ("" and a test failure
/// if it throws nothing or something else).
template <typename F> std::string errorOf(F &&f) {
  try {
    f();
  } catch (const sluice::Error &e) {
    return e.what();
  } catch (const std::exception &e) {
    ADD_FAILURE() << "threw a non-sluice::Error: " << e.what();
    return "";
  }
  ADD_FAILURE() << "threw nothing";
  return "";
}

/// The text of a file (test failure if it cannot be read).
std::string readText(const std::string &path);

} // namespace sluice::itest

#endif // SLUICE_TESTS_INTEGRATION_INTEGRATIONSUPPORT_H
