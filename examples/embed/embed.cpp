//===- embed.cpp - A C++ application that embeds a sluice model -----------===//
//
// Usage: sluice-embed-example path/to/hawk_rglru.sl
//
// 1. compile the model file for the CPU (LLVM JIT, kernels run on TBB);
// 2. bind its params once, from arrays the application owns (borrowed: no
//    copy; the arrays must outlive every run);
// 3. run two batches of different sizes (B and T are bound per call);
// 4. check every result against Target::Reference, the float64 evaluator.
//
// Exit status 0 when the numbers agree, 1 otherwise (or on any sluice::Error).
//
//===----------------------------------------------------------------------===//

#include "sluice/sluice.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

using sluice::DType;
using sluice::Tensor;

namespace {

/// Deterministic values in [-scale, scale) (a tiny LCG: no <random> needed).
std::vector<float> values(size_t n, unsigned seed, float scale) {
  std::vector<float> v(n);
  unsigned s = seed * 2654435761u + 1;
  for (float &x : v) {
    s = s * 1664525u + 1013904223u;
    x = scale * (static_cast<float>(s >> 8) / 8388608.0f - 1.0f);
  }
  return v;
}

/// ||a - b|| / ||b|| over every element.
double relativeError(const Tensor &a, const Tensor &b) {
  double diff = 0, norm = 0;
  for (int64_t i = 0; i < b.numElements(); ++i) {
    double d = a.getDouble(i) - b.getDouble(i);
    diff += d * d;
    norm += b.getDouble(i) * b.getDouble(i);
  }
  return std::sqrt(diff) / std::max(std::sqrt(norm), 1e-300);
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s path/to/hawk_rglru.sl\n", argv[0]);
    return 2;
  }
  const int64_t D = 16; // the model's width: every param is sized by it

  try {
    // 1. Compile. The default options JIT-compile for Target::Cpu.
    std::shared_ptr<sluice::Model> model = sluice::compileFile(argv[1]);
    // The same model on the reference target: the oracle we check against.
    sluice::CompileOptions referenceOptions;
    referenceOptions.target = sluice::Target::Reference;
    std::shared_ptr<sluice::Model> reference =
        sluice::compileFile(argv[1], referenceOptions);

    std::printf("model %s: inputs", model->name().c_str());
    for (const std::string &name : model->inputNames())
      std::printf(" %s", name.c_str());
    std::printf(", params");
    for (const std::string &name : model->paramNames())
      std::printf(" %s", name.c_str());
    std::printf("\n");

    // 2. Params: the application's own arrays, borrowed by the model.
    std::vector<float> Wa = values(D * D, 1, 0.25f), ba = values(D, 2, 0.5f);
    std::vector<float> Wx = values(D * D, 3, 0.25f), bx = values(D, 4, 0.5f);
    std::vector<float> lam = values(D, 5, 1.0f);
    for (sluice::Model *m : {model.get(), reference.get()}) {
      m->setParam("Wa", Tensor::borrow(Wa.data(), DType::F32, {D, D}));
      m->setParam("ba", Tensor::borrow(ba.data(), DType::F32, {D}));
      m->setParam("Wx", Tensor::borrow(Wx.data(), DType::F32, {D, D}));
      m->setParam("bx", Tensor::borrow(bx.data(), DType::F32, {D}));
      m->setParam("lam", Tensor::borrow(lam.data(), DType::F32, {D}));
    }

    // 3. Two batches; each call binds B and T from the shape of x.
    bool ok = true;
    struct Batch { int64_t B, T; } batches[] = {{2, 64}, {3, 1001}};
    for (const Batch &batch : batches) {
      std::vector<float> x = values(batch.B * batch.T * D, 7 + batch.T, 1.0f);
      Tensor input = Tensor::borrow(x.data(), DType::F32, {batch.B, batch.T, D});

      std::map<std::string, Tensor> outputs = model->run({{"x", input}});
      const Tensor &h = outputs.at("h"); // f32[B, T, D], owned, C order
      const float *hp = static_cast<const float *>(h.data());

      // The last step of the first sequence, first four channels.
      int64_t last = (batch.T - 1) * D;
      std::printf("B=%lld T=%lld: h%s, h[0, T-1, 0:4] = %.6f %.6f %.6f %.6f",
                  static_cast<long long>(batch.B),
                  static_cast<long long>(batch.T),
                  sluice::runtime::shapeToString(h.shape()).c_str(),
                  hp[last], hp[last + 1], hp[last + 2], hp[last + 3]);

      // 4. Check against the reference.
      Tensor want = reference->run({{"x", input}}).at("h");
      double error = relativeError(h, want);
      bool good = h.shape() == want.shape() && error <= 1e-5;
      std::printf(", relative error vs reference %.2e %s\n", error,
                  good ? "ok" : "MISMATCH");
      ok = ok && good;
    }

    // Tensors that do not fit the model are errors, not crashes.
    std::vector<float> wrong(2 * 5 * (D + 1));
    try {
      model->run({{"x", Tensor::borrow(wrong.data(), DType::F32, {2, 5, D + 1})}});
      std::printf("a mismatched D was accepted\n");
      ok = false;
    } catch (const sluice::Error &e) {
      std::printf("as expected: %s\n", e.what());
    }
    return ok ? 0 : 1;
  } catch (const sluice::Error &e) {
    // Errors in the model text carry located diagnostics:
    //   hawk_rglru.sl:12:3: error: ...
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
