//===- RecurrenceEquivalenceTest.cpp - Recognition keeps the numbers ------===//
//
// Every function of the recognition passes' lit tests, every example model
// and the models of tests/Passes/Inputs/*.sl are evaluated by the float64 reference evaluator before and after
// the `recognized` pipeline (buildRecognizePipeline) on random inputs: the
// outputs must agree. The reference runs both sl.loop and sl.scan, so this
// checks the scan encodings (companion form, semirings, inits, reverse,
// splits, closed forms) against the loops they replace.
//
//===----------------------------------------------------------------------===//

#include "codegen/reference/ReferenceEvaluator.h"
#include "frontend/Frontend.h"
#include "frontend/IRGen.h"
#include "passes/Passes.h"
#include "passes/Registration.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

using namespace mlir;
using sluice::runtime::Tensor;

namespace {

std::string readFile(const std::filesystem::path &path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Equal up to rounding; infinities (exclusive cummax starts at -inf, the
/// non-linear loops overflow) must match exactly, NaN only NaN.
bool agree(double got, double want) {
  if (std::isnan(want) || std::isnan(got))
    return std::isnan(want) && std::isnan(got);
  if (std::isinf(want) || std::isinf(got))
    return got == want;
  return std::fabs(got - want) <= 1e-9 * (1 + std::fabs(want));
}

class RecurrenceEquivalenceTest : public testing::Test {
protected:
  RecurrenceEquivalenceTest() {
    DialectRegistry registry;
    sluice::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// The size of each dim of `type`: `sl.dims` names (when given) map to
  /// distinct sizes; other dynamic dims are 5.
  std::vector<int64_t> shapeOf(RankedTensorType type, ArrayAttr dims) {
    static const std::map<std::string, int64_t> sizes = {
        {"B", 2}, {"T", 9}, {"D", 3}, {"N", 4}, {"H", 2},
        {"K", 3}, {"V", 2}, {"P", 3}, {"R", 2}};
    std::vector<int64_t> shape;
    for (int64_t i = 0; i < type.getRank(); ++i) {
      int64_t size = type.isDynamicDim(i) ? 5 : type.getDimSize(i);
      if (dims && type.isDynamicDim(i))
        if (auto name = dyn_cast<StringAttr>(dims[i]); name)
          if (auto it = sizes.find(name.str()); it != sizes.end())
            size = it->second;
      shape.push_back(size);
    }
    return shape;
  }

  /// Random inputs in [0.2, 1] (positive: logs, square roots, divisions).
  std::vector<Tensor> inputsFor(func::FuncOp func) {
    std::uniform_real_distribution<double> uniform(0.2, 1.0);
    std::vector<Tensor> args;
    for (unsigned i = 0; i < func.getNumArguments(); ++i) {
      auto type = dyn_cast<RankedTensorType>(func.getArgument(i).getType());
      if (!type)
        return {};
      auto dims = func.getArgAttrOfType<ArrayAttr>(i, "sl.dims");
      std::vector<int64_t> shape = shapeOf(type, dims);
      int64_t n = 1;
      for (int64_t s : shape)
        n *= s;
      std::vector<double> values(n);
      for (double &v : values)
        v = uniform(random);
      args.push_back(Tensor::fromDoubles(shape, values));
    }
    return args;
  }

  /// Evaluates every function of `module` before and after the pipeline.
  void checkModule(ModuleOp module, const std::string &what) {
    std::map<std::string, std::vector<Tensor>> inputs, before;
    for (auto func : module.getOps<func::FuncOp>()) {
      std::string name = func.getSymName().str();
      inputs[name] = inputsFor(func);
      if (inputs[name].empty() && func.getNumArguments() > 0)
        continue;
      before[name] = sluice::reference::evaluateReference(func, inputs[name]);
    }
    // Remarks are the passes' business, not this test's.
    ScopedDiagnosticHandler quiet(&context, [](Diagnostic &d) {
      return success(d.getSeverity() == DiagnosticSeverity::Remark);
    });
    PassManager pm(&context);
    sluice::buildRecognizePipeline(pm);
    ASSERT_TRUE(succeeded(pm.run(module))) << what;
    for (auto func : module.getOps<func::FuncOp>()) {
      std::string name = func.getSymName().str();
      if (!before.count(name))
        continue;
      std::vector<Tensor> after =
          sluice::reference::evaluateReference(func, inputs[name]);
      ASSERT_EQ(after.size(), before[name].size()) << what << " @" << name;
      for (size_t r = 0; r < after.size(); ++r) {
        std::vector<double> want = before[name][r].toDoubles();
        std::vector<double> got = after[r].toDoubles();
        ASSERT_EQ(got.size(), want.size()) << what << " @" << name;
        for (size_t i = 0; i < got.size(); ++i)
          ASSERT_TRUE(agree(got[i], want[i]))
              << what << " @" << name << " result " << r << " element " << i
              << ": " << got[i] << " vs " << want[i];
      }
      ++checked;
    }
  }

  MLIRContext context;
  std::mt19937 random{42};
  int checked = 0;
};

TEST_F(RecurrenceEquivalenceTest, LitTestFunctions) {
  std::filesystem::path dir =
      std::filesystem::path(SLUICE_SOURCE_DIR) / "tests" / "Passes";
  for (const char *file :
       {"sl-recognize-recurrences.mlir", "sl-cumulative-to-scan.mlir",
        "sl-stabilize-closed-forms.mlir", "sl-recognize-mixed-precision.mlir",
        "sl-recognize-rounds.mlir"}) {
    std::string text = readFile(dir / file);
    size_t start = 0;
    for (int chunk = 0; start <= text.size(); ++chunk) {
      size_t end = text.find("// -----", start);
      std::string source =
          text.substr(start, end == std::string::npos ? end : end - start);
      start = end == std::string::npos ? text.size() + 1 : end + 8;
      OwningOpRef<ModuleOp> module =
          parseSourceString<ModuleOp>(source, ParserConfig(&context));
      std::string what = std::string(file) + " chunk " + std::to_string(chunk);
      ASSERT_TRUE(module) << what;
      checkModule(*module, what);
    }
  }
  EXPECT_GT(checked, 25);
}

TEST_F(RecurrenceEquivalenceTest, Models) {
  std::filesystem::path root(SLUICE_SOURCE_DIR);
  int files = 0;
  for (const auto &dir : {root / "examples", root / "tests" / "Passes" / "Inputs"})
    for (const auto &entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".sl")
        continue;
      sluice::ast::File file = sluice::frontend::parseAndCheck(
          readFile(entry.path()), entry.path().filename().string());
      OwningOpRef<ModuleOp> module = sluice::buildModule(context, file);
      ASSERT_TRUE(module) << entry.path();
      checkModule(*module, entry.path().filename().string());
      ++files;
    }
  EXPECT_GT(files, 5);
}

} // namespace
