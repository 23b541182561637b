//===- Jit.cpp - CPU kernels to machine code ------------------------------===//

#include "codegen/cpu/Jit.h"
#include "codegen/KernelMarks.h"
#include "codegen/cpu/KernelBuilder.h"
#include "codegen/cpu/LinkedObject.h"
#include "codegen/cpu/MathLowering.h"
#include "codegen/cpu/ObjectCache.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <chrono>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

using namespace mlir;

namespace sluice::codegen::cpu {

namespace {
void initializeNativeTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

} // namespace

std::unique_ptr<llvm::TargetMachine> hostTargetMachine(bool positionIndependent) {
  initializeNativeTarget();
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    throw std::runtime_error("sluice: cannot detect the host CPU: " +
                             llvm::toString(builder.takeError()));
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  // No gathers: LLVM's SLP vectoriser packed the look-back's 8 interleaved
  // lanes (each a stream 16 KiB from the next) into one gather per step,
  // which on the Zen 4 measured 3x slower than 8 scalar loads (a sum of
  // 2^26 floats in 8 lanes: 55 ms against 17, a plain read 14): the
  // hardware prefetchers do not follow gathers, so each line is a miss.
  // Without: the long cumulative sum 1.3x -> 2.1x the sequential loop,
  // few-channel look-backs up to 2x faster (benchmarks/NOTES.md, entry 31).
  builder->getFeatures().AddFeature("prefer-no-gather");
  if (positionIndependent)
    builder->setRelocationModel(llvm::Reloc::PIC_);
  auto tm = builder->createTargetMachine();
  if (!tm)
    throw std::runtime_error("sluice: no target machine for the host: " +
                             llvm::toString(tm.takeError()));
  return std::move(*tm);
}

namespace {
/// Loads glibc's vector math library (libmvec) into the process once;
/// false where it is missing (another C library).
bool loadVectorMath() {
  static const bool loaded =
      !llvm::sys::DynamicLibrary::LoadLibraryPermanently("libmvec.so.1");
  return loaded;
}

/// vectorMathFunctions' answer where libmvec has erfc's variants too.
constexpr const char *kLibmvecWithErfc = "libmvec+erfc";
} // namespace

std::string vectorMathFunctions(const llvm::Triple &triple) {
  if (!(triple.isX86() && triple.isArch64Bit() && triple.isOSLinux() &&
        triple.isGNUEnvironment() && loadVectorMath()))
    return "";
  if (llvm::sys::DynamicLibrary::SearchForAddressOfSymbol("_ZGVbN2v_erfc") &&
      llvm::sys::DynamicLibrary::SearchForAddressOfSymbol("_ZGVdN4v_erfc"))
    return kLibmvecWithErfc;
  return "libmvec";
}

std::function<llvm::Error(llvm::Module *)>
makeTransformer(llvm::TargetMachine *targetMachine) {
  return [targetMachine](llvm::Module *module) -> llvm::Error {
    llvm::PipelineTuningOptions tuning;
    tuning.LoopUnrolling = true;
    tuning.LoopInterleaving = true;
    tuning.LoopVectorization = true;
    tuning.SLPVectorization = true;
    llvm::PassBuilder builder(targetMachine, tuning);
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::Triple triple(module->getTargetTriple());
    llvm::TargetLibraryInfoImpl libraryInfo(triple);
    std::string vectorMath = vectorMathFunctions(triple);
    if (!vectorMath.empty())
      libraryInfo.addVectorizableFunctionsFromVecLib(
          llvm::TargetLibraryInfoImpl::LIBMVEC_X86, triple);
    if (vectorMath == kLibmvecWithErfc) {
      // erfc (gelu's f64 path) has vector variants since glibc 2.35 that
      // LLVM 19's table leaves out.
      static const llvm::VecDesc erfcVariants[] = {
          {"erfc", "_ZGVbN2v_erfc", llvm::ElementCount::getFixed(2), false,
           "_ZGV_LLVM_N2v"},
          {"erfc", "_ZGVdN4v_erfc", llvm::ElementCount::getFixed(4), false,
           "_ZGV_LLVM_N4v"},
      };
      libraryInfo.addVectorizableFunctions(erfcVariants);
    }
    fam.registerPass([&] { return llvm::TargetLibraryAnalysis(libraryInfo); });
    builder.registerModuleAnalyses(mam);
    builder.registerCGSCCAnalyses(cgam);
    builder.registerFunctionAnalyses(fam);
    builder.registerLoopAnalyses(lam);
    builder.crossRegisterProxies(lam, fam, cgam, mam);
    llvm::ModulePassManager passes =
        builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
    passes.run(*module, mam);
    return llvm::Error::success();
  };
}

void registerTranslations(MLIRContext *ctx) {
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  ctx->appendDialectRegistry(registry);
}

namespace {

/// Every kernel step of `steps`, recursively, inside deferred steps or not.
void forEachKernel(std::vector<runtime::Step> &steps, bool deferred,
                   const std::function<void(runtime::Step &)> &fn,
                   bool inDeferred = false) {
  for (runtime::Step &s : steps) {
    bool d = inDeferred || s.deferred;
    if (s.kind == runtime::Step::Kind::Kernel && d == deferred)
      fn(s);
    forEachKernel(s.body, deferred, fn, d);
  }
}
} // namespace

size_t partCountFor(MLIRContext *ctx) {
  return ctx->isMultithreadingEnabled()
             ? std::max(1u, std::thread::hardware_concurrency())
             : 1u;
}

namespace {
/// The kernels of every look-back step of `steps`, recursively.
void collectLookbackKernels(const std::vector<runtime::Step> &steps,
                            bool inLookback, std::set<std::string> &names) {
  for (const runtime::Step &s : steps) {
    if (inLookback && s.kind == runtime::Step::Kind::Kernel)
      names.insert(s.name);
    collectLookbackKernels(
        s.body, inLookback || s.kind == runtime::Step::Kind::Lookback, names);
  }
}

/// The branches of `f` back to a block that dominates them (its loops' back
/// edges, where LLVM looks for a loop's metadata), in block order.
SmallVector<Operation *> backEdges(LLVM::LLVMFuncOp f) {
  SmallVector<Operation *> edges;
  DominanceInfo dominance(f);
  f.walk([&](Operation *op) {
    auto isBackEdge = [&](Block *target) {
      return dominance.dominates(target, op->getBlock());
    };
    if (auto br = dyn_cast<LLVM::BrOp>(op)) {
      if (isBackEdge(br.getDest()))
        edges.push_back(op);
    } else if (auto condBr = dyn_cast<LLVM::CondBrOp>(op)) {
      if (isBackEdge(condBr.getTrueDest()) || isBackEdge(condBr.getFalseDest()))
        edges.push_back(op);
    }
  });
  return edges;
}

/// The annotation a kernel's scf.for loops ask for (kLaneLoopAttr; null for
/// none), per kernel, in post-order: inner loops before the loop around
/// them, siblings in order. That is the block order of the loops' back
/// edges once the SCF lowering has run (which does not carry the
/// annotations itself).
std::map<std::string, SmallVector<LLVM::LoopAnnotationAttr>>
requestedLoopAnnotations(ModuleOp kernels) {
  std::map<std::string, SmallVector<LLVM::LoopAnnotationAttr>> requested;
  for (auto f : kernels.getOps<func::FuncOp>()) {
    SmallVector<LLVM::LoopAnnotationAttr> loops;
    bool any = false;
    f.walk([&](scf::ForOp loop) {
      auto annotation =
          loop->getAttrOfType<LLVM::LoopAnnotationAttr>(codegen::kLaneLoopAttr);
      any |= static_cast<bool>(annotation);
      loops.push_back(annotation);
    });
    if (any)
      requested[f.getName().str()] = std::move(loops);
  }
  return requested;
}

/// The loop annotation of back edge `edge` (backEdges), null for none.
LLVM::LoopAnnotationAttr annotationOf(Operation *edge) {
  if (auto br = dyn_cast<LLVM::BrOp>(edge))
    return br.getLoopAnnotationAttr();
  return cast<LLVM::CondBrOp>(edge).getLoopAnnotationAttr();
}

/// Gives back edge `edge` (backEdges) the loop annotation `annotation`.
void annotate(Operation *edge, LLVM::LoopAnnotationAttr annotation) {
  if (auto br = dyn_cast<LLVM::BrOp>(edge))
    br.setLoopAnnotationAttr(annotation);
  else
    cast<LLVM::CondBrOp>(edge).setLoopAnnotationAttr(annotation);
}

/// Gives the back edges of `f` the annotations its loops asked for; leaves
/// them all alone unless the lowering made as many back edges as there
/// were loops (it always does: each scf.for becomes one).
void applyLoopAnnotations(LLVM::LLVMFuncOp f,
                          ArrayRef<LLVM::LoopAnnotationAttr> loops) {
  SmallVector<Operation *> edges = backEdges(f);
  if (edges.size() != loops.size())
    return;
  for (auto [edge, annotation] : llvm::zip(edges, loops))
    if (annotation)
      annotate(edge, annotation);
}

/// Marks every loop of `f` that has no annotation yet
/// (applyLoopAnnotations): `llvm.loop.unroll.disable` when `noUnroll`, and
/// an interleave count of 1 when `noInterleave` (kShortRowsAttr).
void annotateLoops(LLVM::LLVMFuncOp f, bool noUnroll, bool noInterleave) {
  if (f.isExternal() || (!noUnroll && !noInterleave))
    return;
  MLIRContext *ctx = f.getContext();
  LLVM::LoopUnrollAttr unroll;
  if (noUnroll)
    unroll = LLVM::LoopUnrollAttr::get(ctx, BoolAttr::get(ctx, true), {}, {},
                                       {}, {}, {}, {});
  LLVM::LoopInterleaveAttr interleave;
  if (noInterleave)
    interleave = LLVM::LoopInterleaveAttr::get(
        ctx, IntegerAttr::get(IntegerType::get(ctx, 32), 1));
  auto rolled = LLVM::LoopAnnotationAttr::get(ctx, {}, {}, interleave, unroll,
                                              {}, {}, {}, {}, {}, {}, {}, {},
                                              {}, {}, {});
  for (Operation *edge : backEdges(f))
    if (!annotationOf(edge))
      annotate(edge, rolled);
}

/// The number of operations in `f` (LLVM's time on it grows with it).
size_t sizeOf(FunctionOpInterface f) {
  size_t ops = 0;
  f.walk([&](Operation *) { ++ops; });
  return ops;
}
} // namespace

std::vector<KernelPart> splitIntoParts(llvm::ArrayRef<ModuleOp> modules,
                                       size_t count) {
  std::vector<std::pair<size_t, FunctionOpInterface>> kernels;
  std::vector<FunctionOpInterface> externals;
  std::set<std::string> declared;
  for (ModuleOp module : modules)
    for (auto f : module.getOps<FunctionOpInterface>()) {
      if (!f.isExternal())
        kernels.emplace_back(sizeOf(f), f);
      else if (declared.insert(f.getName().str()).second)
        externals.push_back(f);
    }
  count = std::min(count, kernels.size());
  std::vector<KernelPart> parts(count);
  if (count == 0)
    return parts;
  // Largest kernel first, each into the part with the fewest operations
  // (equal sizes in module order: the split is deterministic).
  std::stable_sort(kernels.begin(), kernels.end(),
                   [](const auto &a, const auto &b) { return a.first > b.first; });
  std::vector<size_t> load(count, 0);
  ModuleOp first = modules.front();
  OpBuilder builder(first.getContext());
  for (KernelPart &part : parts) {
    part.module = ModuleOp::create(first.getLoc());
    builder.setInsertionPointToEnd(part.module->getBody());
    for (FunctionOpInterface f : externals)
      builder.clone(*f);
  }
  for (auto &[size, f] : kernels) {
    size_t smallest = std::min_element(load.begin(), load.end()) - load.begin();
    load[smallest] += size;
    builder.setInsertionPointToEnd(parts[smallest].module->getBody());
    builder.clone(*f);
  }
  return parts;
}

void loadLoweringDialects(MLIRContext *ctx) {
  ctx->getOrLoadDialect<LLVM::LLVMDialect>();
  ctx->getOrLoadDialect<cf::ControlFlowDialect>();
  ctx->getOrLoadDialect<arith::ArithDialect>();
  ctx->getOrLoadDialect<func::FuncDialect>();
  loadMathLoweringDialects(ctx);
}

/// Each f32 rounded to bf16 (KernelBuilder's `arith.truncf` to bf16, read
/// as its bits by an `arith.bitcast` to i16 for a store, or widened back by
/// an `arith.extf` by roundTo) as integer ops (bf16Bits): LLVM would lower
/// the truncation to a library call on a CPU without AVX-512 BF16.
static void lowerBf16Roundings(ModuleOp kernels) {
  SmallVector<arith::TruncFOp> truncs;
  kernels.walk([&](arith::TruncFOp trunc) {
    if (trunc.getType().isBF16() && trunc.getIn().getType().isF32())
      truncs.push_back(trunc);
  });
  for (arith::TruncFOp trunc : truncs) {
    for (Operation *user : llvm::make_early_inc_range(trunc->getUsers())) {
      Type type = user->getResult(0).getType();
      bool asBits = isa<arith::BitcastOp>(user) && type.isInteger(16);
      bool widened = isa<arith::ExtFOp>(user) && type.isF32();
      if (!asBits && !widened)
        continue;
      OpBuilder b(user);
      Location loc = user->getLoc();
      Value value = bf16Bits(b, loc, trunc.getIn());
      if (widened) {
        Value wide = b.create<arith::ExtUIOp>(loc, b.getI32Type(), value);
        Value shifted = b.create<arith::ShLIOp>(
            loc, wide, b.create<arith::ConstantIntOp>(loc, 16, 32));
        value = b.create<arith::BitcastOp>(loc, b.getF32Type(), shifted);
      }
      user->getResult(0).replaceAllUsesWith(value);
      user->erase();
    }
    if (trunc->use_empty())
      trunc.erase();
  }
}

void lowerKernelsToLLVM(ModuleOp kernels, const runtime::Plan *plan) {
  MLIRContext *ctx = kernels.getContext();
  loadLoweringDialects(ctx);
  lowerBf16Roundings(kernels);
  lowerMathOps(kernels);
  // Let LLVM fuse multiplies and adds (FMA): one rounding instead of two.
  // Flags a generator set (a reassociable sum) are kept.
  kernels.walk([](arith::ArithFastMathInterface op) {
    arith::FastMathFlags flags = arith::FastMathFlags::contract;
    if (auto given = op->getAttrOfType<arith::FastMathFlagsAttr>(
            op.getFastMathAttrName()))
      flags = flags | given.getValue();
    op->setAttr(op.getFastMathAttrName(),
                arith::FastMathFlagsAttr::get(op->getContext(), flags));
  });
  std::map<std::string, SmallVector<LLVM::LoopAnnotationAttr>> requested =
      requestedLoopAnnotations(kernels);
  std::set<std::string> shortRows, rolled;
  for (auto f : kernels.getOps<func::FuncOp>()) {
    if (f->hasAttr(codegen::kShortRowsAttr))
      shortRows.insert(f.getName().str());
    if (f->hasAttr(codegen::kRolledLoopsAttr))
      rolled.insert(f.getName().str());
  }
  LLVMConversionTarget target(*ctx);
  target.addLegalOp<ModuleOp>();
  LLVMTypeConverter converter(ctx);
  RewritePatternSet patterns(ctx);
  populateSCFToControlFlowConversionPatterns(patterns);
  arith::populateArithToLLVMConversionPatterns(converter, patterns);
  populateMathToLLVMConversionPatterns(converter, patterns);
  cf::populateControlFlowToLLVMConversionPatterns(converter, patterns);
  populateFuncToLLVMConversionPatterns(converter, patterns);
  if (failed(applyFullConversion(kernels, target, std::move(patterns))))
    throw std::runtime_error("sluice: lowering the CPU kernels to LLVM failed");
  std::set<std::string> lookbackKernels;
  if (plan)
    collectLookbackKernels(plan->steps, false, lookbackKernels);
  for (auto f : kernels.getOps<LLVM::LLVMFuncOp>()) {
    auto it = requested.find(f.getName().str());
    if (it != requested.end())
      applyLoopAnnotations(f, it->second);
    annotateLoops(f,
                  lookbackKernels.count(f.getName().str()) > 0 ||
                      rolled.count(f.getName().str()) > 0,
                  shortRows.count(f.getName().str()) > 0);
  }
}

namespace {
/// What decides the object code of a part besides the target: its kernels'
/// text before the lowering and the plan's marks that lowerKernelsToLLVM
/// reads (which of them are look-back kernels).
std::string kernelsText(ModuleOp kernels, const runtime::Plan *plan) {
  std::string text;
  llvm::raw_string_ostream os(text);
  // Every attribute in full (no process-wide printing option may elide
  // one), no locations (they change no code), not verified again.
  OpPrintingFlags flags;
  flags.elideLargeElementsAttrs(std::numeric_limits<int64_t>::max())
      .enableDebugInfo(false)
      .assumeVerified();
  kernels.print(os, flags);
  std::set<std::string> lookbackKernels;
  if (plan)
    collectLookbackKernels(plan->steps, false, lookbackKernels);
  os << "\n// look-back kernels:";
  for (auto f : kernels.getOps<FunctionOpInterface>())
    if (lookbackKernels.count(f.getName().str()))
      os << " " << f.getName();
  os.flush();
  return text;
}

/// `object` (the code of `kernels`) linked into the process now, on this
/// thread (ORC links an object at its first lookup). Throws
/// std::runtime_error when it does not link.
std::unique_ptr<LinkedObject> linkObject(const std::string &object,
                                         ModuleOp kernels) {
  auto linked = std::make_unique<LinkedObject>(object, "sluice-kernels");
  for (auto f : kernels.getOps<FunctionOpInterface>())
    if (!f.isExternal()) {
      linked->lookup(f.getName().str());
      break;
    }
  return linked;
}

} // namespace

namespace {
/// `llvmKernels` (lowered to the LLVM dialect) as LLVM IR with `tm`'s
/// triple and data layout. Throws std::runtime_error.
std::unique_ptr<llvm::Module> translateForTarget(ModuleOp llvmKernels,
                                                 llvm::LLVMContext &context,
                                                 llvm::TargetMachine &tm) {
  std::unique_ptr<llvm::Module> module =
      translateModuleToLLVMIR(llvmKernels, context);
  if (!module)
    throw std::runtime_error("sluice: translation to LLVM IR failed");
  module->setDataLayout(tm.createDataLayout());
  module->setTargetTriple(tm.getTargetTriple().str());
  return module;
}

/// Runs makeTransformer's pipeline over `module`. Throws
/// std::runtime_error.
void optimize(llvm::Module &module, llvm::TargetMachine &tm) {
  if (llvm::Error error = makeTransformer(&tm)(&module))
    throw std::runtime_error("sluice: LLVM optimization failed: " +
                             llvm::toString(std::move(error)));
}
} // namespace

std::string compileToObject(ModuleOp kernels, const runtime::Plan *plan,
                            llvm::TargetMachine &tm, codegen::PhaseTimes *times,
                            const std::string &detailPrefix,
                            bool *usesVectorMath) {
  using codegen::PhaseTimer;
  {
    PhaseTimer timer(times, detailPrefix + "lower to LLVM dialect", true);
    lowerKernelsToLLVM(kernels, plan);
  }
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> module;
  {
    PhaseTimer timer(times, detailPrefix + "translate to LLVM IR", true);
    module = translateForTarget(kernels, llvmContext, tm);
  }
  {
    PhaseTimer timer(times, detailPrefix + "LLVM optimizer", true);
    optimize(*module, tm);
  }
  PhaseTimer timer(times, detailPrefix + "machine code", true);
  if (usesVectorMath)
    for (const llvm::Function &f : *module)
      if (f.isDeclaration() && f.getName().starts_with("_ZGV"))
        *usesVectorMath = true;
  llvm::orc::SimpleCompiler compile(tm);
  auto object = compile(*module);
  if (!object)
    throw std::runtime_error("sluice: machine code generation failed: " +
                             llvm::toString(object.takeError()));
  return (*object)->getBuffer().str();
}

void JitKernels::compilePart(Part &part, const runtime::Plan *plan,
                             const ObjectCache &cache,
                             codegen::PhaseTimes *times,
                             const std::string &detailPrefix) {
  using Clock = std::chrono::steady_clock;
  auto msSince = [](Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start)
        .count();
  };
  try {
    // The object code: from the cache where these kernels were compiled
    // before on this machine, else lowered and compiled by LLVM.
    Clock::time_point start = Clock::now();
    std::unique_ptr<llvm::TargetMachine> tm = hostTargetMachine();
    std::string key, object;
    // (vectorMathFunctions also loads libmvec, which a cached object's
    // calls resolve to; makeTransformer loads it where nothing is cached.)
    if (cache.enabled())
      key = ObjectCache::key(kernelsText(*part.module, plan), *tm,
                             vectorMathFunctions(tm->getTargetTriple()));
    bool cached = cache.enabled() && cache.load(key, object);
    if (times && cache.enabled())
      times->add(detailPrefix +
                     (cached ? "object cache (hit)" : "object cache (miss)"),
                 msSince(start), /*detail=*/true);
    auto compileAndStore = [&] {
      object = compileToObject(*part.module, plan, *tm, times, detailPrefix);
      ObjectCache::countCompile();
      cache.store(key, object);
    };
    if (!cached)
      compileAndStore();
    try {
      codegen::PhaseTimer timer(times, detailPrefix + "link", true);
      part.linked = linkObject(object, *part.module);
    } catch (const std::runtime_error &) {
      if (!cached)
        throw;
      // A cached object that passed its checks but does not link (written
      // by another build of the same version): compile it again.
      ObjectCache::countCorrupt();
      compileAndStore();
      codegen::PhaseTimer timer(times, detailPrefix + "link", true);
      part.linked = linkObject(object, *part.module);
    }
  } catch (const std::exception &e) {
    part.error = e.what();
  }
}

JitKernels::JitKernels(ModuleOp kernels, runtime::Plan &plan,
                       OwningOpRef<ModuleOp> deferred, bool resolveDeferred,
                       codegen::PhaseTimes *times)
    : deferredModule(std::move(deferred)), times(times) {
  MLIRContext *ctx = kernels.getContext();
  // Dialects load here: the parts' threads only look them up.
  loadLoweringDialects(ctx);
  registerTranslations(ctx);
  initializeNativeTarget();
  // Parts that lower and compile on parallel threads (LLVM's optimizer and
  // code generator dominate compile time).
  for (KernelPart &split : splitIntoParts({kernels}, partCountFor(ctx))) {
    auto part = std::make_unique<Part>();
    part->module = std::move(split.module);
    parts.push_back(std::move(part));
  }
  std::string phase = resolveDeferred ? "JIT (deferred kernels, first call)"
                                      : "JIT";
  if (parts.size() > 1)
    phase += " (" + std::to_string(parts.size()) + " threads)";
  codegen::PhaseTimer timer(parts.empty() ? nullptr : times, phase);
  std::string detailPrefix = resolveDeferred ? "deferred: " : "";
  // Read once, here: the parts' threads do not read the environment.
  ObjectCache cache = ObjectCache::fromEnvironment();
  if (parts.size() <= 1) {
    for (auto &part : parts)
      compilePart(*part, &plan, cache, times, detailPrefix);
  } else {
    std::vector<std::thread> workers;
    for (auto &part : parts)
      workers.emplace_back([&part, &plan, &cache, times, &detailPrefix] {
        compilePart(*part, &plan, cache, times, detailPrefix);
      });
    for (std::thread &t : workers)
      t.join();
  }
  for (auto &part : parts)
    if (!part->error.empty())
      throw std::runtime_error("sluice: JIT compilation failed: " + part->error);
  // (A batch of deferred kernels leaves the plan alone: its compiler finds
  // them by name, deferredKernels.)
  if (!resolveDeferred)
    resolve(plan);
  if (deferredModule && !deferredModule->getBody()->empty()) {
    plan.compileDeferredSteps =
        [this, &plan](const std::vector<const runtime::Step *> &steps) {
          std::lock_guard<std::mutex> lock(deferredMutex);
          compileDeferredLocked(plan, steps);
        };
    plan.deferredKernel = [this, &plan](const runtime::Step &step) {
      std::lock_guard<std::mutex> lock(deferredMutex);
      auto found = deferredKernels.find(step.name);
      if (found == deferredKernels.end()) {
        compileDeferredLocked(plan, {&step});
        found = deferredKernels.find(step.name);
      }
      if (found == deferredKernels.end())
        throw std::runtime_error("sluice: no deferred kernel '" + step.name +
                                 "'");
      return found->second;
    };
  }
}

runtime::KernelFn JitKernels::lookup(const std::string &symbol) const {
  for (const auto &part : parts) {
    if (!SymbolTable::lookupSymbolIn(*part->module, symbol))
      continue;
    return reinterpret_cast<runtime::KernelFn>(part->linked->lookup(symbol));
  }
  return nullptr;
}

void JitKernels::resolve(runtime::Plan &plan) {
  forEachKernel(plan.steps, /*deferred=*/false, [&](runtime::Step &step) {
    step.kernel = lookup(step.name);
    if (!step.kernel)
      throw std::runtime_error("sluice: no kernel '" + step.name + "'");
  });
}

void JitKernels::compileDeferredLocked(
    const runtime::Plan &plan,
    const std::vector<const runtime::Step *> &steps) {
  // The kernels of `steps` (and of their bodies) not compiled yet.
  std::vector<std::string> wanted;
  std::function<void(const runtime::Step &)> gather =
      [&](const runtime::Step &s) {
        if (s.kind == runtime::Step::Kind::Kernel &&
            !deferredKernels.count(s.name) &&
            !llvm::is_contained(wanted, s.name))
          wanted.push_back(s.name);
        for (const runtime::Step &b : s.body)
          gather(b);
      };
  for (const runtime::Step *s : steps)
    gather(*s);
  if (wanted.empty())
    return;
  // A module of those kernels and the declarations they may call.
  OwningOpRef<ModuleOp> batch = ModuleOp::create(deferredModule->getLoc());
  OpBuilder builder(batch->getContext());
  builder.setInsertionPointToEnd(batch->getBody());
  for (auto f : deferredModule->getOps<func::FuncOp>())
    if (f.isExternal())
      builder.clone(*f);
  for (const std::string &name : wanted) {
    auto kernel = deferredModule->lookupSymbol<func::FuncOp>(name);
    if (!kernel)
      throw std::runtime_error("sluice: no deferred kernel '" + name + "'");
    builder.clone(*kernel);
  }
  // (The batch reads the plan, for its object cache's key; it changes
  // nothing in it.)
  auto code = std::make_unique<JitKernels>(
      *batch, const_cast<runtime::Plan &>(plan), OwningOpRef<ModuleOp>(),
      /*resolveDeferred=*/true, times);
  for (const std::string &name : wanted) {
    runtime::KernelFn kernel = code->lookup(name);
    if (!kernel)
      throw std::runtime_error("sluice: no kernel '" + name + "'");
    deferredKernels[name] = kernel;
  }
  deferredCode.push_back(std::move(code));
}

JitKernels::~JitKernels() = default;

std::string optimizedLLVMIR(ModuleOp llvmKernels) {
  registerTranslations(llvmKernels.getContext());
  std::unique_ptr<llvm::TargetMachine> tm = hostTargetMachine();
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> module =
      translateForTarget(llvmKernels, llvmContext, *tm);
  optimize(*module, *tm);
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os, nullptr);
  return text;
}

} // namespace sluice::codegen::cpu
