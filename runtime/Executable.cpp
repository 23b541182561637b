//===- Executable.cpp - Machine code of a plan's kernels, by symbol -------===//

#include "runtime/Executable.h"

namespace sluice::runtime {

namespace {
void bindSteps(std::vector<Step> &steps, const Executable &code) {
  for (Step &step : steps) {
    if (step.kind == Step::Kind::Kernel) {
      step.kernel = code.lookup(step.name);
      if (!step.kernel)
        throw MissingKernel("kernel '" + step.name + "' is missing from " +
                            code.description());
    }
    bindSteps(step.body, code);
  }
}
} // namespace

void bindKernels(Plan &plan, const Executable &code) {
  bindSteps(plan.steps, code);
}

} // namespace sluice::runtime
