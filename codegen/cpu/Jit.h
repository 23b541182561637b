//===- Jit.h - CPU kernels to machine code ----------------------*- C++ -*-===//
#ifndef SLUICE_CODEGEN_CPU_JIT_H
#define SLUICE_CODEGEN_CPU_JIT_H

#include "codegen/PhaseTimes.h"
#include "runtime/Executable.h"
#include "runtime/Plan.h"

#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include "mlir/IR/OwningOpRef.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace llvm {
class Module;
class TargetMachine;
class Triple;
} // namespace llvm

namespace sluice::codegen::cpu {

class LinkedObject;
class ObjectCache;

/// Lowers a kernels module (scf/arith/math over LLVM pointers) to the LLVM
/// dialect in place (math through lowerMathOps, MathLowering.h). With
/// `plan`, the loops of its look-back kernels get `llvm.loop.unroll.disable`:
/// those kernels interleave their lanes by hand, so LLVM's unroller would
/// only multiply their (large) bodies and its own time. With or without
/// it, the loops of kernels marked kShortRowsAttr (KernelMarks.h) get an
/// interleave count of 1. Throws std::runtime_error on failure.
void lowerKernelsToLLVM(mlir::ModuleOp kernels,
                        const runtime::Plan *plan = nullptr);

/// A target machine for the host CPU at O3; `positionIndependent` for code
/// that goes into a shared object (artifacts). Throws std::runtime_error.
std::unique_ptr<llvm::TargetMachine>
hostTargetMachine(bool positionIndependent = false);

/// The O3 pipeline of mlir::makeOptimizingTransformer for `targetMachine`,
/// with glibc's vector math library known to the vectoriser on x86-64 Linux:
/// a loop that calls sinf/cosf/powf (accurate over their whole domain,
/// unlike the polynomial approximations) still vectorises, calling
/// libmvec's 8-wide variants. `targetMachine` must outlive the result.
std::function<llvm::Error(llvm::Module *)>
makeTransformer(llvm::TargetMachine *targetMachine);

/// A share of lowered kernels that LLVM optimizes and compiles on its own
/// thread (the JIT's parts, the artifact's object files).
struct KernelPart {
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

/// Loads every dialect lowerKernelsToLLVM creates ops of. Loading is not
/// thread-safe: call it before parts lower on parallel threads (which then
/// only look the dialects up).
void loadLoweringDialects(mlir::MLIRContext *ctx);

/// Lowers `kernels` (a part; the look-back kernels of `plan` keep their
/// loops rolled) to the LLVM dialect in place, translates them, optimizes
/// them (makeTransformer) and compiles them for `tm`: their object code.
/// Adds each phase's time to `times` (if set) under `detailPrefix`; sets
/// `*usesVectorMath` (if given) where the code calls libmvec. Throws
/// std::runtime_error.
std::string compileToObject(mlir::ModuleOp kernels, const runtime::Plan *plan,
                            llvm::TargetMachine &tm,
                            codegen::PhaseTimes *times = nullptr,
                            const std::string &detailPrefix = "",
                            bool *usesVectorMath = nullptr);

/// The vector math functions makeTransformer makes known to the vectoriser
/// for `triple`: "" (none), "libmvec", or "libmvec+erfc" (erfc's variants,
/// glibc 2.35 and later). Part of the ObjectCache key.
std::string vectorMathFunctions(const llvm::Triple &triple);

/// Splits the kernels of `modules` (lowered or not) into at most `count` parts of
/// about the same size (largest kernel first into the smallest part: LLVM's
/// time grows with a kernel's size, and the slowest part is the wait).
/// Every external declaration (e.g. libm's) goes to each part.
std::vector<KernelPart> splitIntoParts(llvm::ArrayRef<mlir::ModuleOp> modules,
                                       size_t count);

/// How many parts a compilation splits into: one per core when `ctx` may
/// use threads, else one.
size_t partCountFor(mlir::MLIRContext *ctx);

/// Registers the translations of the builtin and LLVM dialects to LLVM IR.
void registerTranslations(mlir::MLIRContext *ctx);

/// Machine code for a plan's kernels, owned for as long as the plan runs:
/// the runtime::Executable of a JIT-compiled model (its kernels found by
/// symbol in the parts' linked objects).
class JitKernels : public runtime::Executable {
public:
  /// Compiles `kernels` (not yet lowered; each part lowers on its own
  /// thread) at O3 for the host CPU and resolves every kernel step of `plan`
  /// (nested bodies included) except the deferred ones, which it compiles from
  /// `deferred` (lowered to LLVM on first use) through
  /// Plan::compileDeferredSteps and hands out through Plan::deferredKernel,
  /// leaving the plan as it is: a call compiles the kernels of the deferred
  /// steps it selects, and only those (a plan's run-time alternatives are
  /// deferred: one call runs one of them). With `resolveDeferred`, `kernels` is
  /// such a batch of deferred kernels, found by lookup; the plan is not
  /// touched. The plan must outlive this. `times` (if not null) gets the
  /// phases' times (codegen/PhaseTimes.h), the deferred kernels' too when a
  /// call compiles them.
  JitKernels(mlir::ModuleOp kernels, runtime::Plan &plan,
             mlir::OwningOpRef<mlir::ModuleOp> deferred = {},
             bool resolveDeferred = false, codegen::PhaseTimes *times = nullptr);
  ~JitKernels() override;

  /// The module of each part: lowered to the LLVM dialect where LLVM
  /// compiled it, as generated where its object code came from the cache
  /// (tests: what LLVM was given).
  std::vector<mlir::ModuleOp> partModules() const {
    std::vector<mlir::ModuleOp> modules;
    for (const auto &part : parts)
      modules.push_back(*part->module);
    return modules;
  }

  /// The compiled kernel `symbol` (deferred ones once compiled), or nullptr.
  runtime::KernelFn lookup(const std::string &symbol) const override;
  std::string description() const override { return "the JIT-compiled kernels"; }

private:
  /// Sets the kernel pointers of the plan's steps that are not deferred
  /// (while the compiler builds the plan, before any call).
  void resolve(runtime::Plan &plan);
  /// Compiles the kernels of `steps` (deferred steps of `plan`) not
  /// compiled yet, in one batch, into deferredKernels; deferredMutex held.
  /// The plan is not changed (Plan::deferredKernel finds them).
  void compileDeferredLocked(const runtime::Plan &plan,
                             const std::vector<const runtime::Step *> &steps);
  mlir::OwningOpRef<mlir::ModuleOp> deferredModule;
  codegen::PhaseTimes *times = nullptr;
  /// The code of each batch of deferred kernels compiled so far.
  std::vector<std::unique_ptr<JitKernels>> deferredCode;
  /// The deferred kernels compiled so far, by name (guarded by
  /// deferredMutex).
  std::map<std::string, runtime::KernelFn> deferredKernels;
  std::mutex deferredMutex;

  /// One part of the kernels (parts compile in parallel), linked into the
  /// process.
  struct Part : KernelPart {
    std::unique_ptr<LinkedObject> linked;
    std::string error;
  };
  /// Loads one part's object code from `cache`, or lowers and compiles it
  /// (compileToObject) and stores it there, then links it (run on its own
  /// thread), adding each phase's time to `times` (if set).
  static void compilePart(Part &part, const runtime::Plan *plan,
                          const ObjectCache &cache, codegen::PhaseTimes *times,
                          const std::string &detailPrefix);
  std::vector<std::unique_ptr<Part>> parts;
};

/// The LLVM IR text of `llvmKernels` after O3 (for `sluice dump --stage llvm`).
std::string optimizedLLVMIR(mlir::ModuleOp llvmKernels);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_JIT_H
