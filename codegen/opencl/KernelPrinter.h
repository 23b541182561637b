//===- KernelPrinter.h - One kernel function as OpenCL C --------*- C++ -*-===//
//
// Prints one kernel function of the plan builder (func.func over LLVM
// pointers with scf, arith and math) as an OpenCL C `__kernel` with the
// launch ABI of runtime/opencl/KernelAbi.h. Internal to codegen/opencl.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_OPENCL_KERNELPRINTER_H
#define SLUICE_CODEGEN_OPENCL_KERNELPRINTER_H

#include "runtime/Tensor.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace mlir {
class Location;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace sluice::codegen::opencl {

/// What the printed kernels need from the program's preamble.
struct ProgramNeeds {
  /// A `double` appears: the program enables cl_khr_fp64.
  bool usesDouble = false;
  /// Helper functions the kernels call (names from OpenclHelpers.h).
  std::set<std::string> helpers;
  /// The type 64-bit integers (in kernels: dims, counts, offsets, loop
  /// counters; never data) print as in the kernel being printed: the
  /// program's `sl_index` (32 bits when built with SLUICE_INDEX_32, else 64;
  /// KernelAbi.h) or `long` (KernelParams::wideIndex).
  std::string indexType = "sl_index";
  /// A 64-bit literal outside 32 bits appears: the program's sl_index is
  /// then 64 bits whatever it is built with.
  bool wideIndexLiteral = false;
};

/// The parameters a kernel gets from its plan step.
struct KernelParams {
  /// The dtype of each buffer b<s>, in the step's order.
  std::vector<runtime::DType> buffers;
  /// The count of `long d<j>` params: model dims, then loop counters.
  int dims = 0;
  /// A comment line saying what the params are (plan buffers, dim names).
  std::string legend;
  /// Index arithmetic in 64 bits (`long`) whatever the program is built
  /// with: the group kernel (on the H200 its 32-bit form ran 5% to 2x
  /// slower, benchmarks/NOTES.md, sixteenth session).
  bool wideIndex = false;
  /// The macro printed before each loop along a scan's axis (its unroll
  /// request, OnePassPrinter.h): the row one pass has its own.
  std::string stepLoopMacro = "SLUICE_STEP_LOOP";
  /// The work-group size the kernel requires (reqd_work_group_size), or 0.
  int64_t requiredWorkGroupSize = 0;
  /// Also print the body as `static void NAME_items(sl_index begin,
  /// sl_index end, buffers..., dims...)`, which the `__kernel` calls (and
  /// the one-pass look-back kernel, OnePassPrinter.h): the kernels of a
  /// Lookback step.
  bool itemsFunction = false;
  /// With itemsFunction: also print `__kernel void NAME_rows(buffers...,
  /// dims..., long first, long count, long blocks, long channels)`, the
  /// items in row order (KernelAbi.h): a Lookback step's aggregate and
  /// apply.
  bool rowsKernel = false;
  /// Per buffer (itemsFunction only): its parameter of NAME_items is
  /// `__global volatile`, so each read goes to memory (a carry reading
  /// what another work-group wrote, KernelAbi.h). Empty: none.
  std::vector<bool> volatileBuffers;
  /// printTileBody only: the name of each buffer slot in the kernel it is
  /// printed into (and its dtype in `buffers`), the item it runs (a
  /// variable of that kernel), and, per callee of the tile's own calls
  /// (KernelMarks.h: the look-back, the barrier, the part, ...), the code
  /// that replaces a call: for a call without results, statements one per
  /// line, unindented; for an i64 one, an expression. A call with operands
  /// has `$0`, `$1`, ... in its code replaced by their expressions (a
  /// result is then a variable holding the code's value).
  std::vector<std::string> bufferNames;
  std::string item;
  std::map<std::string, std::string> tileCalls;
};

/// The program's `typedef ... sl_index;` (ProgramNeeds::indexType): int
/// under SLUICE_INDEX_32, else long; always long when `wideLiteral`.
std::string indexTypePrelude(bool wideLiteral);

/// Appends the `__kernel` of `func` (a comment naming its source location,
/// the signature, the work-item loop of the ABI and the body) to `out`,
/// noting in `needs` what it uses. Throws std::runtime_error, with
/// "file:line:col: " of the op, for an op or type it cannot print.
void printKernel(mlir::func::FuncOp func, const KernelParams &params,
                 ProgramNeeds &needs, std::string &out);

/// Appends the body of look-back tile function `func` (ScanTile.h) to
/// `out`, at indentation `depth`, for one item (`params.item`), its buffers
/// named `params.bufferNames` and its dims d<j>, the look-back call printed
/// as `params.lookbackCode`. Throws as printKernel.
void printTileBody(mlir::func::FuncOp func, const KernelParams &params,
                   int depth, ProgramNeeds &needs, std::string &out);

/// The buffer slots (b<s>) `func` stores to.
std::set<int> storedBufferSlots(mlir::func::FuncOp func);

/// "file:line:col: " of the first file location within `loc`, or "" when it
/// has none.
std::string locationPrefix(mlir::Location loc);

/// The comment line that opens a printed kernel: "// NAME (file:line:col)"
/// (no parentheses without a location), then `what` when given.
std::string kernelHeading(mlir::func::FuncOp func, const std::string &what = "");

/// Each line of `text` (lines split at '\n'; a last one without it too)
/// after `spaces` spaces, each ending in '\n'.
std::string indentLines(const std::string &text, int spaces);

} // namespace sluice::codegen::opencl

#endif // SLUICE_CODEGEN_OPENCL_KERNELPRINTER_H
