//===- BenchCommand.cpp - `sluice bench` ----------------------------------===//

#include "driver/CommandErrors.h"
#include "driver/BenchCommand.h"
#include "codegen/SymbolicShapes.h"
#include "codegen/reference/ReferenceEvaluator.h"
#include "frontend/Diagnostics.h"
#include "runtime/cpu/CpuExecutor.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

namespace sluice::driver {

namespace {
double nowMs() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch())
      .count();
}

int64_t bytesOf(const std::vector<runtime::Tensor> &tensors) {
  int64_t bytes = 0;
  for (const runtime::Tensor &t : tensors)
    bytes += t.numElements() * static_cast<int64_t>(runtime::dtypeSize(t.dtype()));
  return bytes;
}
} // namespace

int benchModel(const BenchOptions &options) {
  return exitStatusOf([&] {
    if (options.run.random.empty() && options.run.inputs.empty())
      throw std::runtime_error("bench needs inputs: --random B=8,T=4096,... "
                               "or --input NAME=FILE.npy");
    if (options.repeat < 1 || options.warmup < 0)
      throw std::runtime_error("--repeat must be >= 1 and --warmup >= 0");
    Compilation compilation(options.run.compile);
    PreparedRun prepared = prepareRun(compilation, options.run);
    auto call = [&] {
      return prepared.execute();
    };
    std::vector<runtime::Tensor> outputs;
    for (int i = 0; i < options.warmup; ++i)
      outputs = call();
    // Deferred kernels compile during the first call (a warm-up one).
    if (codegen::PhaseTimes *times = compilation.phaseTimes())
      std::cerr << times->report();
    std::vector<double> times;
    for (int i = 0; i < options.repeat; ++i) {
      double start = nowMs();
      outputs = call();
      times.push_back(nowMs() - start);
    }
    std::sort(times.begin(), times.end());
    double median = times[times.size() / 2];
    // Outputs count in their declared dtype (the reference computes in f64).
    int64_t outBytes = 0;
    for (size_t i = 0; i < outputs.size(); ++i) {
      runtime::DType dt =
          codegen::dtypeOf(prepared.func.getFunctionType().getResult(i));
      outBytes += outputs[i].numElements() *
                  static_cast<int64_t>(runtime::dtypeSize(dt));
    }
    int64_t bytes = bytesOf(prepared.args) + outBytes;
    double gbps = median > 0 ? bytes / (median * 1e6) : 0.0;
    char line[256];
    if (options.json)
      std::snprintf(line, sizeof line,
                    "{\"median_ms\": %.4f, \"bytes\": %lld, \"gbps\": %.3f}",
                    median, static_cast<long long>(bytes), gbps);
    else
      std::snprintf(line, sizeof line,
                    "%s on %s: median %.4f ms per call over %d calls, %lld "
                    "unique bytes, %.3f GB/s",
                    prepared.func.getSymName().str().c_str(),
                    options.run.target.c_str(), median, options.repeat,
                    static_cast<long long>(bytes), gbps);
    std::cout << line << "\n";
    return 0;
  });
}

} // namespace sluice::driver
