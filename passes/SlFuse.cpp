//===- SlFuse.cpp - Record what is computed inline and what is stored -----===//
//
// The `fused` stage: every element-wise op and shift gets the `sl.fusion`
// attribute that decideFusion (FusionRules.cpp) gives it. The code
// generator computes an `inline` value inside the kernels that read it and
// gives a `store_*` one a kernel and a buffer of its own.
//
//===----------------------------------------------------------------------===//

#include "passes/FusionRules.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace sluice {
#define GEN_PASS_DEF_SLFUSE
#include "passes/Passes.h.inc"
} // namespace sluice

using namespace mlir;
using namespace sluice;

namespace {

struct SlFusePass : sluice::impl::SlFuseBase<SlFusePass> {
  using Base::Base;

  void runOnOperation() override {
    FusionOptions options;
    options.fusion = fusion;
    for (auto [op, decision] : decideFusion(getOperation(), options))
      op->setAttr(kFusionAttrName,
                  sl::FusionAttr::get(op->getContext(), decision));
  }
};

} // namespace

std::unique_ptr<Pass> sluice::createSlFusePass(const FusionOptions &options) {
  SlFuseOptions passOptions;
  passOptions.fusion = options.fusion;
  return createSlFuse(passOptions);
}
