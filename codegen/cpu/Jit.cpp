//===- Jit.cpp - CPU kernels to machine code ------------------------------===//

#include "codegen/cpu/Jit.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>
#include <stdexcept>

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

std::unique_ptr<llvm::TargetMachine> hostTargetMachine() {
  initializeNativeTarget();
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    throw std::runtime_error("sluice: cannot detect the host CPU: " +
                             llvm::toString(builder.takeError()));
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto tm = builder->createTargetMachine();
  if (!tm)
    throw std::runtime_error("sluice: no target machine for the host: " +
                             llvm::toString(tm.takeError()));
  return std::move(*tm);
}

void registerTranslations(MLIRContext *ctx) {
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  ctx->appendDialectRegistry(registry);
}

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

void lowerKernelsToLLVM(ModuleOp kernels) {
  MLIRContext *ctx = kernels.getContext();
  ctx->getOrLoadDialect<LLVM::LLVMDialect>();
  ctx->getOrLoadDialect<math::MathDialect>();
  ctx->getOrLoadDialect<cf::ControlFlowDialect>();
  ctx->getOrLoadDialect<vector::VectorDialect>();
  // f32 transcendental math as polynomials (vectorizable).
  {
    RewritePatternSet patterns(ctx);
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(kernels, std::move(patterns))))
      throw std::runtime_error("sluice: math approximation failed");
  }
  // Remaining f64 transcendental math as libm calls.
  {
    SmallVector<Operation *> f64Math;
    kernels.walk([&](Operation *op) {
      if (op->getDialect() && isa<math::MathDialect>(op->getDialect()) &&
          op->getNumResults() == 1 && op->getResult(0).getType().isF64() &&
          !isa<math::SqrtOp, math::AbsFOp, math::FmaOp, math::RsqrtOp,
               math::PowFOp, math::FloorOp, math::CeilOp>(op))
        f64Math.push_back(op);
    });
    RewritePatternSet patterns(ctx);
    populateMathToLibmConversionPatterns(patterns);
    (void)applyOpPatternsAndFold(f64Math, std::move(patterns));
  }
  // Let LLVM fuse multiplies and adds (FMA): one rounding instead of two.
  kernels.walk([](arith::ArithFastMathInterface op) {
    op->setAttr(op.getFastMathAttrName(),
                arith::FastMathFlagsAttr::get(op->getContext(),
                                              arith::FastMathFlags::contract));
  });
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
}

JitKernels::JitKernels(ModuleOp llvmKernels, runtime::Plan &plan,
                       OwningOpRef<ModuleOp> deferred, bool resolveDeferred)
    : deferredModule(std::move(deferred)) {
  registerTranslations(llvmKernels.getContext());
  std::unique_ptr<llvm::TargetMachine> tm = hostTargetMachine();
  // ExecutionEngineOptions::transformer is a function_ref, and create()
  // destroys the target machine it is given: the members keep both the
  // optimizer and its target machine alive for the engine's lifetime.
  optimizerTarget = hostTargetMachine();
  transformer = makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0,
                                          optimizerTarget.get());
  ExecutionEngineOptions options;
  options.transformer = transformer;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  options.enableGDBNotificationListener = false;
  options.enablePerfNotificationListener = false;
  auto created = ExecutionEngine::create(llvmKernels, options, std::move(tm));
  if (!created)
    throw std::runtime_error("sluice: JIT compilation failed: " +
                             llvm::toString(created.takeError()));
  engine = std::move(*created);
  resolve(plan, resolveDeferred);
  if (deferredModule && !deferredModule->getBody()->empty())
    plan.compileDeferred = [this, &plan] { compileDeferred(plan); };
}

void JitKernels::resolve(runtime::Plan &plan, bool deferred) {
  forEachKernel(plan.steps, deferred, [&](runtime::Step &step) {
    auto symbol = engine->lookup(step.name);
    if (!symbol)
      throw std::runtime_error("sluice: kernel '" + step.name +
                               "' missing after JIT: " +
                               llvm::toString(symbol.takeError()));
    step.kernel = reinterpret_cast<runtime::KernelFn>(*symbol);
  });
}

void JitKernels::compileDeferred(runtime::Plan &plan) {
  std::call_once(deferredOnce, [&] {
    lowerKernelsToLLVM(*deferredModule);
    deferredCode = std::make_unique<JitKernels>(*deferredModule, plan,
                                                OwningOpRef<ModuleOp>(),
                                                /*resolveDeferred=*/true);
  });
}

JitKernels::~JitKernels() = default;

std::string optimizedLLVMIR(ModuleOp llvmKernels) {
  registerTranslations(llvmKernels.getContext());
  std::unique_ptr<llvm::TargetMachine> tm = hostTargetMachine();
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> module =
      translateModuleToLLVMIR(llvmKernels, llvmContext);
  if (!module)
    throw std::runtime_error("sluice: translation to LLVM IR failed");
  ExecutionEngine::setupTargetTripleAndDataLayout(module.get(), tm.get());
  auto transformer = makeOptimizingTransformer(3, 0, tm.get());
  if (llvm::Error err = transformer(module.get()))
    throw std::runtime_error("sluice: LLVM optimization failed: " +
                             llvm::toString(std::move(err)));
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os, nullptr);
  return text;
}

} // namespace sluice::codegen::cpu
