//===- Compilation.cpp - One model file through the pipeline --------------===//

#include "driver/Compilation.h"

#include "driver/Stages.h"
#include "frontend/Diagnostics.h"
#include "frontend/Frontend.h"
#include "frontend/IRGen.h"
#include "passes/Registration.h"
#include "runtime/TextFiles.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <fstream>
#include <iostream>
#include <sstream>

using namespace mlir;

namespace sluice::driver {

namespace {
/// The first file location inside `loc` (through fused/name/callsite locs).
std::optional<FileLineColLoc> findFileLoc(Location loc) {
  std::optional<FileLineColLoc> found;
  loc->walk([&](Location l) {
    if (auto file = dyn_cast<FileLineColLoc>(l)) {
      found = file;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return found;
}

const char *severityName(DiagnosticSeverity s) {
  switch (s) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Remark:
    return "remark";
  case DiagnosticSeverity::Note:
    return "note";
  }
  return "error";
}

std::string readFile(const std::string &path) {
  std::string text;
  std::string error = runtime::readTextFile(path, text);
  if (!error.empty())
    throw CompileError("sluice: error: " + error + "\n");
  return text;
}
} // namespace

std::string formatMlirDiagnostic(const ast::File &file, Diagnostic &diag) {
  std::string out;
  auto render = [&](Location loc, DiagnosticSeverity severity,
                    const std::string &message) {
    std::optional<FileLineColLoc> fileLoc = findFileLoc(loc);
    if (fileLoc) {
      ast::Loc at{fileLoc->getLine(), fileLoc->getColumn()};
      // Both branches are views: a `std::string` branch would make the
      // conditional a temporary copy that dies before the view is read.
      std::string_view source = fileLoc->getFilename() == file.filename
                                    ? std::string_view(file.source)
                                    : std::string_view();
      out += formatDiagnostic(fileLoc->getFilename().str(), source, at,
                              severityName(severity), message);
    } else {
      out += std::string("sluice: ") + severityName(severity) + ": " +
             message + "\n";
    }
  };
  render(diag.getLocation(), diag.getSeverity(), diag.str());
  for (Diagnostic &note : diag.getNotes())
    render(note.getLocation(), note.getSeverity(), note.str());
  return out;
}

Compilation::Compilation(CompileOptions opts) : options(std::move(opts)) {
  file.filename = options.file;
  file.source = readFile(options.file);
  compileSource();
}

Compilation::Compilation(CompileOptions opts, std::string source)
    : options(std::move(opts)) {
  file.filename = options.file;
  file.source = std::move(source);
  compileSource();
}

Compilation::~Compilation() {
  // The handler must go before the context it is registered with.
  remarkPrinter.reset();
}

void Compilation::compileSource() {
  codegen::PhaseTimer timer(phaseTimes(), "frontend (parse, IRGen)");
  try {
    file = frontend::parseAndCheck(file.source, file.filename, options.model);
  } catch (const SourceError &e) {
    std::string text =
        formatDiagnostic(file.filename, file.source, e.loc, "error", e.what());
    for (const SourceError::Note &note : e.notes)
      text += formatDiagnostic(file.filename, file.source, note.loc, "note",
                               note.message);
    throw CompileError(text);
  }
  DialectRegistry registry;
  registerAllDialects(registry);
  context = std::make_unique<MLIRContext>(registry);
  context->loadAllAvailableDialects();
  // Remarks and errors point at the user's source; the op itself is noise.
  context->printOpOnDiagnostic(false);
  // Remarks of the code generator (what each scan kernel fused, its
  // schedule); errors and the passes' remarks go to runTo's handler.
  remarkPrinter = std::make_unique<ScopedDiagnosticHandler>(
      context.get(), [this](Diagnostic &diag) -> LogicalResult {
        if (diag.getSeverity() != DiagnosticSeverity::Remark)
          return failure();
        if (options.remarks)
          std::cerr << formatMlirDiagnostic(file, diag);
        return success();
      });
  if (options.printIrAfterAll)
    context->disableMultithreading();
  moduleOp = buildModule(*context, file);
  if (failed(verify(*moduleOp)))
    throw CompileError("sluice: internal error: IRGen produced invalid IR\n");
  // With --model, the frontend checked and built that model alone (an error
  // in another does not stop it; their remarks, passes and code are not
  // wanted): a name the file does not define is an error here.
  if (!options.model.empty()) {
    func::FuncOp keep = selectedModel();
    for (auto func :
         llvm::make_early_inc_range(moduleOp->getOps<func::FuncOp>()))
      if (func != keep)
        func.erase();
  }
  if (options.printIrAfterAll) {
    llvm::errs() << "// -----// IR Dump After IRGen (parsed) //----- //\n";
    moduleOp->print(llvm::errs());
    llvm::errs() << "\n";
  }
}

void Compilation::runTo(const std::string &stage) {
  int target = stageIndex(stage);
  if (target < 0)
    throw CompileError("sluice: error: unknown stage '" + stage + "'\n");
  int current = stageIndex(currentStage);
  if (target <= current)
    return;

  if (target >= stageIndex("scheduled")) {
    std::string error = checkScheduleOptions(options.schedule);
    if (!error.empty())
      throw CompileError("sluice: error: --schedule: " + error + "\n");
  }
  codegen::PhaseTimer timer(phaseTimes(), "passes (to " + stage + ")");
  PassManager pm(context.get());
  for (int s = current + 1; s <= target; ++s)
    addStagePasses(pm, stageNames()[s], options.schedule, options.fusion);
  if (options.printIrAfterAll)
    pm.enableIRPrinting(
        /*shouldPrintBeforePass=*/[](Pass *, Operation *) { return false; },
        /*shouldPrintAfterPass=*/[](Pass *, Operation *) { return true; },
        /*printModuleScope=*/true, /*printAfterOnlyOnChange=*/false);

  std::string errors;
  ScopedDiagnosticHandler handler(context.get(), [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Remark) {
      if (options.remarks)
        std::cerr << formatMlirDiagnostic(file, diag);
      return success();
    }
    errors += formatMlirDiagnostic(file, diag);
    return success();
  });
  if (failed(pm.run(*moduleOp)) || !errors.empty())
    throw CompileError(errors.empty() ? "sluice: error: compilation failed\n"
                                      : errors);
  currentStage = stage;
}

func::FuncOp Compilation::selectedModel() {
  const std::vector<std::string> &names = file.modelNames;
  std::string wanted = options.model;
  if (wanted.empty()) {
    if (names.size() == 1)
      wanted = names.front();
    else {
      std::string list;
      for (const std::string &n : names)
        list += (list.empty() ? "" : ", ") + n;
      throw CompileError("sluice: error: " + file.filename +
                         " defines several models (" + list +
                         "); choose one with --model\n");
    }
  }
  for (auto func : moduleOp->getOps<func::FuncOp>())
    if (func.getSymName() == wanted)
      return func;
  std::string list;
  for (const std::string &n : names)
    list += (list.empty() ? "" : ", ") + n;
  throw CompileError("sluice: error: no model '" + wanted + "' in " +
                     file.filename + " (it defines: " + list + ")\n");
}

} // namespace sluice::driver
