//===- OpenclEmitTestSupport.cpp - Models printed as OpenCL C -------------===//

#include "OpenclEmitTestSupport.h"

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/opencl/OpenclEmitter.h"
#include "driver/Compilation.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <fstream>
#include <sstream>

namespace sluice::runtime::opencl::testing {

std::vector<EmittedModel> emitModels(const std::string &file) {
  driver::CompileOptions options;
  options.file = std::string(SLUICE_SOURCE_DIR) + "/" + file;
  driver::Compilation compilation(options);
  compilation.runTo("recognized");
  std::vector<EmittedModel> models;
  for (mlir::func::FuncOp func :
       compilation.module().getOps<mlir::func::FuncOp>()) {
    codegen::cpu::CpuProgram program =
        codegen::cpu::buildCpuProgram(func, codegen::cpu::CpuOptions{});
    EmittedModel model;
    model.source = codegen::opencl::emitOpenclProgram(
        {*program.kernels, *program.deferredKernels}, program.plan);
    model.plan = std::move(program.plan);
    models.push_back(std::move(model));
  }
  return models;
}

std::string readFile(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace sluice::runtime::opencl::testing
