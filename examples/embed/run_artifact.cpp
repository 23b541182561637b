//===- run_artifact.cpp - An application that runs a compiled artifact ----===//
//
// Usage: sluice-embed-artifact DIR
//
// DIR is examples/ema.sl compiled ahead of time:
//   sluice compile examples/ema.sl --target cpu -o DIR
// This program links only sluice::runtime: no compiler, LLVM or MLIR. It
// loads the artifact, binds alpha, runs one batch and checks every value
// against the EMA computed here in double precision.
//
// Exit status 0 when the numbers agree, 1 otherwise (or on any sluice::Error).
//
//===----------------------------------------------------------------------===//

#include "sluice/sluice.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using sluice::DType;
using sluice::Tensor;

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s ARTIFACT_DIR\n", argv[0]);
    return 1;
  }
  const int64_t B = 2, T = 300, D = 5;
  std::vector<float> x(B * T * D), alpha(D);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = std::sin(0.37f * static_cast<float>(i));
  for (int64_t d = 0; d < D; ++d)
    alpha[d] = 0.1f + 0.15f * static_cast<float>(d);
  try {
    auto model = sluice::loadArtifact(argv[1]);
    model->setParam("alpha", Tensor::borrow(alpha.data(), DType::F32, {D}));
    auto outputs =
        model->run({{"x", Tensor::borrow(x.data(), DType::F32, {B, T, D})}});
    const Tensor &m = outputs.at("m");
    double worst = 0;
    for (int64_t b = 0; b < B; ++b)
      for (int64_t d = 0; d < D; ++d) {
        double state = 0;
        for (int64_t t = 0; t < T; ++t) {
          int64_t i = (b * T + t) * D + d;
          state = (1.0 - alpha[d]) * state + alpha[d] * x[i];
          worst = std::max(worst, std::fabs(m.getDouble(i) - state));
        }
      }
    std::printf("model '%s' from %s: max |error| %.3g over %lld values\n",
                model->name().c_str(), argv[1],
                worst, static_cast<long long>(B * T * D));
    return worst <= 1e-5 ? 0 : 1;
  } catch (const sluice::Error &e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
