//===- SlContractStates.cpp - q @ S of a scan's state as a sum ------------===//
//
// `o = q @ S` (GLA, RetNet) reads the state S [L..., K, N] of a scan only to
// contract it with a vector q [L..., K]. sl-schedule fuses a scan with a sum
// of its state over a dim (`fuse_reduction`: the state over T is never
// stored); this pass writes such products in that form,
//   sum(broadcast(q, N) * S, K),
// which is what a user writing `sum(expand_dims(q, -1) * S, K)` gets. The
// product stays a matmul where its matrix is anything but a scan's result.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/SluiceOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace sluice {
#define GEN_PASS_DEF_SLCONTRACTSTATES
#include "passes/Passes.h.inc"
} // namespace sluice

using namespace mlir;
using namespace sluice;

namespace {

/// Whether `matmul` is a batched vector-matrix product of a scan's state
/// that the pass rewrites: the state read by nothing else (what fusion
/// needs; a state read elsewhere too is stored anyway, and the matmul
/// stays), one element type throughout, and the types'
/// shapes agreeing dim for dim (q's with the state's leading dims, the
/// result's with the state's without K), so that the product and the sum
/// have the types of the state and of the result.
bool contractsAScanState(sl::MatmulOp matmul) {
  auto lhs = cast<RankedTensorType>(matmul.getLhs().getType());
  auto rhs = cast<RankedTensorType>(matmul.getRhs().getType());
  auto result = cast<RankedTensorType>(matmul.getResult().getType());
  if (!matmul.getRhs().getDefiningOp<sl::ScanOp>() ||
      !matmul.getRhs().hasOneUse() || rhs.getRank() != lhs.getRank() + 1 ||
      result.getRank() != lhs.getRank() ||
      lhs.getElementType() != rhs.getElementType() ||
      result.getElementType() != rhs.getElementType())
    return false;
  ArrayRef<int64_t> state = rhs.getShape();
  SmallVector<int64_t> withoutK(state.begin(), state.end() - 2);
  withoutK.push_back(state.back());
  return lhs.getShape() == state.drop_back() &&
         result.getShape() == ArrayRef<int64_t>(withoutK);
}

/// Rewrites `matmul` (contractsAScanState) as a broadcast, a product and a
/// sum over the contracted dim.
void rewriteAsSum(sl::MatmulOp matmul) {
  OpBuilder b(matmul);
  Location loc = matmul.getLoc();
  Value q = matmul.getLhs(), state = matmul.getRhs();
  auto stateType = cast<RankedTensorType>(state.getType());
  int64_t rank = stateType.getRank();
  // q's dims keep their places; N, the state's last dim, is new.
  SmallVector<int64_t> dims;
  for (int64_t d = 0; d + 1 < rank; ++d)
    dims.push_back(d);
  // N's size from the scan's operands, not from the state (a shape query
  // would be a second use of the state, which fusion wants read once): the
  // steps where N is the scan's axis, else the last dim of the init (the
  // state's shape without that axis).
  SmallVector<Value> sizes;
  if (stateType.isDynamicDim(rank - 1)) {
    auto scan = state.getDefiningOp<sl::ScanOp>();
    unsigned index = cast<OpResult>(state).getResultNumber();
    if (sl::absoluteAxis(scan.getAxis(), rank) == rank - 1)
      sizes.push_back(scan.getSteps());
    else
      sizes.push_back(
          b.create<tensor::DimOp>(loc, scan.getInits()[index], rank - 2));
  }
  Value spread = b.create<sl::BroadcastOp>(loc, stateType, q, dims, sizes);
  Value product = b.create<arith::MulFOp>(loc, spread, state);
  Value sum = b.create<sl::ReduceOp>(loc, matmul.getResult().getType(),
                                     sl::ReduceKind::sum, product, rank - 2,
                                     /*keepdims=*/false);
  matmul.getResult().replaceAllUsesWith(sum);
  matmul.erase();
}

struct ContractStatesPass
    : sluice::impl::SlContractStatesBase<ContractStatesPass> {
  void runOnOperation() override {
    SmallVector<sl::MatmulOp> products;
    getOperation()->walk([&](sl::MatmulOp matmul) {
      if (contractsAScanState(matmul))
        products.push_back(matmul);
    });
    for (sl::MatmulOp matmul : products)
      rewriteAsSum(matmul);
  }
};

} // namespace
