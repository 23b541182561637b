//===- KernelBuilder.h - Building one CPU kernel function -------*- C++ -*-===//
//
// Every CPU kernel has the C signature of runtime::KernelFn:
//   void kernel(int64_t begin, int64_t end, void *const *buffers,
//               const int64_t *dims)
// KernelBuilder creates such a `func.func` (LLVM pointers for the two
// arrays, i64 for everything integral) and offers the few things kernel
// generators need: buffer pointers and dim values (loaded once at entry),
// i64 arithmetic, loops, and element loads/stores that convert between the
// storage type (f16, bf16, f32, f64) and the compute type (f32 or f64).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_CPU_KERNELBUILDER_H
#define SLUICE_CODEGEN_CPU_KERNELBUILDER_H

#include "codegen/KernelMarks.h"
#include "codegen/SymbolicShapes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <functional>

namespace sluice::codegen::cpu {

/// Round-to-nearest-even f32 -> bf16 bits (as i16) in integer ops; NaN
/// stays a quiet NaN with its sign and top payload bits.
mlir::Value bf16Bits(mlir::OpBuilder &b, mlir::Location loc, mlir::Value f);

/// Builds one kernel function in a module.
class KernelBuilder {
public:
  /// Creates `func.func @name` in `module` and positions at its body.
  KernelBuilder(mlir::ModuleOp module, llvm::StringRef name, mlir::Location loc);

  mlir::OpBuilder b;
  mlir::Location loc;

  /// The work-item range arguments.
  mlir::Value begin() { return beginArg; }
  mlir::Value end() { return endArg; }

  /// Registers the storage type of buffer slot `slot` (its position in the
  /// step's buffer list) and returns its element pointer (loaded at entry).
  mlir::Value buffer(unsigned slot);
  /// The value of model dim `dim` (loaded at entry).
  mlir::Value dim(int32_t dim);
  /// A symbolic size as an i64.
  mlir::Value size(const SymDim &d);
  /// The product of sizes of `shape[from, to)` as an i64.
  mlir::Value product(const SymShape &shape, size_t from, size_t to);

  /// The coordinates of row-major index `flat` over the dims `dims` of
  /// `shape` (outermost first), as a vector indexed by dim of `shape` (the
  /// dims not in `dims` are null).
  llvm::SmallVector<mlir::Value> decompose(const SymShape &shape,
                                           llvm::ArrayRef<int> dims,
                                           mlir::Value flat);

  /// i64 helpers.
  mlir::Value i64(int64_t v);
  mlir::Value add(mlir::Value a, mlir::Value c);
  mlir::Value sub(mlir::Value a, mlir::Value c);
  mlir::Value mul(mlir::Value a, mlir::Value c);
  mlir::Value div(mlir::Value a, mlir::Value c);
  mlir::Value rem(mlir::Value a, mlir::Value c);
  mlir::Value min(mlir::Value a, mlir::Value c);
  mlir::Value max(mlir::Value a, mlir::Value c);

  /// A float constant of `type`.
  mlir::Value fconst(mlir::Type type, double v);

  /// Loads element `index` of a buffer stored as `storage`; returns it in the
  /// compute type (f32 for 16-bit storage).
  mlir::Value load(mlir::Value ptr, mlir::Value index, mlir::Type storage);
  /// Stores compute value `v` as element `index` of a `storage` buffer.
  void store(mlir::Value ptr, mlir::Value index, mlir::Value v,
             mlir::Type storage);
  /// The f32 whose top half is the bf16 value in the low 16 bits of i32
  /// `bits` (the high 16 bits are shifted out).
  mlir::Value bf16LowBitsToF32(mlir::Value bits);
  /// f32 `v` rounded to bf16 (as a store rounds it), as its i16 bits.
  mlir::Value roundToBf16Bits(mlir::Value v);
  /// Rounds a compute value to `storage` and back (truncf semantics).
  mlir::Value roundTo(mlir::Value v, mlir::Type storage);

  /// `for (iv = lb; iv < ub; ++iv) body(iv)`, with i64 bounds.
  void forLoop(mlir::Value lb, mlir::Value ub,
               const std::function<void(mlir::Value)> &body);
  /// `for (iv = lb; iv < ub; iv += step) body(iv)`.
  void forLoopStep(mlir::Value lb, mlir::Value ub, mlir::Value step,
                   const std::function<void(mlir::Value)> &body);
  /// `for (iv = lb; iv < ub; ++iv) body(iv)` over the lanes of a vector of
  /// `width`: when the bounds are constants `width` apart, LLVM is asked to
  /// vectorise the loop at that width (in pieces of the machine's vectors)
  /// and not to unroll it (unrolled, its SLP vectoriser split a tile of 16
  /// lanes into pieces of 8, 4, 2 and 1); otherwise (a tile's shorter
  /// rest) it is a plain loop, which LLVM vectorises at its own width.
  void laneLoop(mlir::Value lb, mlir::Value ub, int64_t width,
                const std::function<void(mlir::Value)> &body);
  /// `lo` to `hi` in tiles of `tile`: body(start, count) per tile, with
  /// `count` the constant `tile` for a full tile (so that its loops have a
  /// constant trip count: laneLoop) and the run-time rest for a shorter
  /// last one.
  void forTiles(mlir::Value lo, mlir::Value hi, int64_t tile,
                const std::function<void(mlir::Value, mlir::Value)> &body);
  /// The sum of the `lanes` consecutive floats of `array` from element
  /// `base`, loaded as one vector and added in the order LLVM's reassociable
  /// vector reduction gives (a tree of in-register halves; fixed by `lanes`
  /// and the target's vector width).
  mlir::Value sumLanes(mlir::Value array, mlir::Value base, int64_t lanes,
                       mlir::Type type);
  /// Like forLoop with loop-carried values; returns the final values.
  llvm::SmallVector<mlir::Value>
  forLoopCarried(mlir::Value lb, mlir::Value ub, mlir::ValueRange init,
                 const std::function<llvm::SmallVector<mlir::Value>(
                     mlir::Value, mlir::ValueRange)> &body);
  /// Like forLoopCarried over constant bounds, marked kUnrolledLoopAttr
  /// (KernelMarks.h): the OpenCL printer asks for the loop to be unrolled
  /// completely (a group kernel's block of steps, their loads in flight
  /// together).
  llvm::SmallVector<mlir::Value>
  unrolledLoopCarried(int64_t lb, int64_t ub, mlir::ValueRange init,
                      const std::function<llvm::SmallVector<mlir::Value>(
                          mlir::Value, mlir::ValueRange)> &body);
  /// Like forLoopCarried, for a walk along a scan's axis: the loop carries
  /// the kSteppedLoopAttr mark (KernelMarks.h), which the OpenCL printer turns into an
  /// unroll request (the loads of several steps in flight at once).
  llvm::SmallVector<mlir::Value>
  stepLoopCarried(mlir::Value lb, mlir::Value ub, mlir::ValueRange init,
                  const std::function<llvm::SmallVector<mlir::Value>(
                      mlir::Value, mlir::ValueRange)> &body);
  /// `if (cond) then()`.
  void ifThen(mlir::Value cond, const std::function<void()> &then);
  /// `cond ? then() : otherwise()` for values of `types` (both branches
  /// return one value per type).
  llvm::SmallVector<mlir::Value>
  ifElse(mlir::Value cond, mlir::TypeRange types,
         const std::function<llvm::SmallVector<mlir::Value>()> &then,
         const std::function<llvm::SmallVector<mlir::Value>()> &otherwise);

  /// A hint that the cache lines from element `index` of `ptr` (viewed as
  /// `elem`) to `lastByte` bytes past it, at most `maxLines` of them, will
  /// soon be read (`write`: written); never faults (CPU only).
  void prefetch(mlir::Value ptr, mlir::Value index, mlir::Type elem,
                mlir::Value lastByte, int64_t maxLines, bool write);
  /// Stack storage for `count` values of `type` (at entry).
  mlir::Value stackArray(mlir::Type type, int64_t count);
  /// The address of element `index` of `ptr` viewed as `elem`.
  mlir::Value gep(mlir::Value ptr, mlir::Value index, mlir::Type elem);

  /// Ends the kernel (return) and annotates its buffer accesses
  /// (annotateBufferAliasing).
  void finish();

  /// The compute type of a storage type.
  static mlir::Type computeType(mlir::Type storage);

  /// The kernel function being built.
  mlir::func::FuncOp function() const { return func; }

private:
  /// Gives every load and store of a step buffer the alias scope of its
  /// buffer and the others' as no-alias scopes: a step's buffers are
  /// distinct allocations that never overlap (the executors guarantee it,
  /// runtime/cpu/CpuExecutor.h), so LLVM needs no run-time alias checks
  /// before vectorising.
  void annotateBufferAliasing();
  /// Sets `b` to the end of the entry's header (before the body).
  mlir::OpBuilder headerBuilder();
  mlir::func::FuncOp func;
  mlir::Value beginArg, endArg, buffersArg, dimsArg;
  mlir::Operation *headerEnd = nullptr;
  llvm::DenseMap<unsigned, mlir::Value> bufferPtrs;
  llvm::DenseMap<int32_t, mlir::Value> dimValues;
};

/// How a kernel walking dim `axis` of a rank-`rank` tensor goes over the
/// other dims in rows: `inner` is the last dim (a row, contiguous in
/// memory), or -1 when the last dim is the axis itself; `itemDims` are the
/// dims that number the rows (KernelBuilder::decompose), outermost first.
struct RowLayout {
  int inner = -1;
  llvm::SmallVector<int> itemDims;
};
RowLayout rowLayoutAround(int rank, int axis);

/// The work items [begin, end) of a kernel whose items are the channels
/// of rows `width` long (numbered by `itemDims` of `shape`, then the
/// channel in the row): for each row the range touches, its coordinates
/// (KernelBuilder::decompose) and the channels [lo, hi) of it in range.
void forRowRanges(
    KernelBuilder &kb, const SymShape &shape, llvm::ArrayRef<int> itemDims,
    mlir::Value width,
    const std::function<void(llvm::SmallVector<mlir::Value> &coords,
                             mlir::Value lo, mlir::Value hi)> &body);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_KERNELBUILDER_H
