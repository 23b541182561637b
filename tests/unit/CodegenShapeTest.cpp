//===- CodegenShapeTest.cpp - CPU codegen rejects IR whose dims disagree --===//
//
// `?` dims verify whatever model dim they stand for; the kernels index with
// the model dims that SymbolicShapes names. IR that verifies but mixes
// different model dims where an op needs one shape must be rejected with an
// error naming the op and its location (before, the kernels read out of
// bounds).
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/CpuCodegen.h"
#include "passes/Registration.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

using namespace mlir;

namespace {

class CodegenShapeTest : public ::testing::Test {
protected:
  CodegenShapeTest() {
    DialectRegistry registry;
    sluice::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// The codegen error for `body` (a function of %x : [B, T, D] and
  /// %y : [D, T, B]), "" when it compiles.
  std::string errorOf(const std::string &body,
                      const std::string &results = "tensor<?x?x?xf32>") {
    std::string text =
        "func.func @m(%x: tensor<?x?x?xf32> {sl.dims = [\"B\", \"T\", \"D\"]}, "
        "%y: tensor<?x?x?xf32> {sl.dims = [\"D\", \"T\", \"B\"]}) -> " +
        results + " attributes {sl.dims = [\"B\", \"T\", \"D\"]} {\n" +
        "  %c0 = arith.constant 0 : index\n"
        "  %c1 = arith.constant 1 : index\n"
        "  %c2 = arith.constant 2 : index\n"
        "  %B = tensor.dim %x, %c0 : tensor<?x?x?xf32>\n"
        "  %T = tensor.dim %x, %c1 : tensor<?x?x?xf32>\n"
        "  %D = tensor.dim %x, %c2 : tensor<?x?x?xf32>\n" +
        body + "}\n";
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(text, ParserConfig(&context));
    if (!module || failed(verify(*module)))
      return "does not verify";
    auto func = *module->getOps<func::FuncOp>().begin();
    try {
      sluice::codegen::cpu::buildCpuProgram(func,
                                            sluice::codegen::cpu::CpuOptions{});
    } catch (const std::exception &e) {
      return e.what();
    }
    return "";
  }

  MLIRContext context;
};

TEST_F(CodegenShapeTest, MatchingDimsCompile) {
  EXPECT_EQ(errorOf("  %s = arith.addf %x, %x : tensor<?x?x?xf32> loc(\"m.sl\":3:5)\n"
                    "  return %s : tensor<?x?x?xf32>\n"),
            "");
}

TEST_F(CodegenShapeTest, ElementwiseOperandsOfOtherDims) {
  std::string error =
      errorOf("  %s = arith.addf %x, %y : tensor<?x?x?xf32> loc(\"m.sl\":3:5)\n"
              "  return %s : tensor<?x?x?xf32>\n");
  EXPECT_NE(error.find("m.sl:3:5: arith.addf: operands [B, T, D] and "
                       "[D, T, B] have different dims"),
            std::string::npos)
      << error;
}

TEST_F(CodegenShapeTest, ScanOperandWithoutTheSteps) {
  // The coefficient has T at the scan axis, the steps are D.
  std::string error = errorOf(
      "  %z = arith.constant dense<0.0> : tensor<f32>\n"
      "  %h0 = sl.broadcast %z dims [] sizes(%B, %D) : tensor<f32> -> tensor<?x?xf32>\n"
      "  %h = sl.scan linear steps(%D) axis -2 matrix \"v\" forcing \"0\" "
      "coeffs(%x : tensor<?x?x?xf32>) init(%h0 : tensor<?x?xf32>) -> "
      "tensor<?x?x?xf32> loc(\"m.sl\":4:7)\n"
      "  return %h : tensor<?x?x?xf32>\n");
  EXPECT_NE(error.find("m.sl:4:7: sl.scan: varying coeff 0 [B, T, D] does not "
                       "have the steps (D) at its scan axis"),
            std::string::npos)
      << error;
}

TEST_F(CodegenShapeTest, ScanInvariantOfOtherDims) {
  // A time-invariant [B, D] coefficient of a state of slice [D, B].
  std::string error = errorOf(
      "  %z = arith.constant dense<0.0> : tensor<f32>\n"
      "  %h0 = sl.broadcast %z dims [] sizes(%D, %B) : tensor<f32> -> tensor<?x?xf32>\n"
      "  %a = sl.broadcast %z dims [] sizes(%B, %D) : tensor<f32> -> tensor<?x?xf32>\n"
      "  %h = sl.scan linear steps(%T) axis -2 matrix \"c\" forcing \"0\" "
      "coeffs(%a : tensor<?x?xf32>) init(%h0 : tensor<?x?xf32>) -> "
      "tensor<?x?x?xf32> loc(\"m.sl\":5:7)\n"
      "  return %h : tensor<?x?x?xf32>\n");
  EXPECT_NE(error.find("m.sl:5:7: sl.scan: coeff 0 [B, D] does not broadcast "
                       "to [D, T, B] without its scan axis"),
            std::string::npos)
      << error;
}

TEST_F(CodegenShapeTest, StepsNotADim) {
  std::string error = errorOf(
      "  %z = arith.constant dense<0.0> : tensor<f32>\n"
      "  %h0 = sl.broadcast %z dims [] sizes(%B, %D) : tensor<f32> -> tensor<?x?xf32>\n"
      "  %n = arith.addi %T, %T : index\n"
      "  %h = sl.scan linear steps(%n) axis -2 matrix \"1\" forcing \"0\" "
      "init(%h0 : tensor<?x?xf32>) -> tensor<?x?x?xf32> loc(\"m.sl\":6:7)\n"
      "  return %h : tensor<?x?x?xf32>\n");
  EXPECT_NE(error.find("m.sl:6:7: sl.scan: steps must be a tensor.dim of a "
                       "model dim or a positive constant"),
            std::string::npos)
      << error;
}

TEST_F(CodegenShapeTest, BadDimsAttribute) {
  std::string text =
      "func.func @m(%x: tensor<?xf32> {sl.dims = [\"B\", \"T\"]}) -> "
      "tensor<?xf32> attributes {sl.dims = [\"B\", \"T\"]} {\n"
      "  return %x : tensor<?xf32>\n}\n";
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(text, ParserConfig(&context));
  ASSERT_TRUE(module);
  auto func = *module->getOps<func::FuncOp>().begin();
  EXPECT_THROW(sluice::codegen::cpu::buildCpuProgram(
                   func, sluice::codegen::cpu::CpuOptions{}),
               std::runtime_error);
}

} // namespace
