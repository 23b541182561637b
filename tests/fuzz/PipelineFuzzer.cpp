//===- PipelineFuzzer.cpp - libFuzzer target: text through recognition ---===//
//
// Every input the frontend accepts must become verified IR (IRGen) and go
// through the `recognized` pipeline without an error or a crash; inputs it
// rejects must be rejected with a SourceError. Anything else aborts, so the
// fuzzer reports it. Built with clang by scripts/fuzz.sh pipeline.
//
//===----------------------------------------------------------------------===//

#include "frontend/Diagnostics.h"
#include "frontend/Frontend.h"
#include "frontend/IRGen.h"
#include "passes/Passes.h"
#include "passes/Registration.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  sluice::ast::File file;
  try {
    file = sluice::frontend::parseAndCheck(text, "fuzz.sl");
  } catch (const sluice::SourceError &) {
    return 0;
  }
  static mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry();
    sluice::registerAllDialects(*r);
    return r;
  }();
  mlir::MLIRContext context(*registry, mlir::MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();
  bool failed = false;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
    if (d.getSeverity() == mlir::DiagnosticSeverity::Error) {
      failed = true;
      std::fprintf(stderr, "%s\n", d.str().c_str());
    }
    return mlir::success();
  });
  auto module = sluice::buildModule(context, file);
  if (mlir::failed(mlir::verify(*module))) {
    std::fprintf(stderr, "IRGen produced invalid IR\n");
    std::abort();
  }
  mlir::PassManager pm(&context);
  sluice::buildRecognizePipeline(pm);
  if (mlir::failed(pm.run(*module)) || failed) {
    std::fprintf(stderr, "the recognized pipeline failed on accepted input\n");
    std::abort();
  }
  return 0;
}
