//===- OpenclEmitTestSupport.cpp - Models printed as OpenCL C -------------===//

#include "OpenclEmitTestSupport.h"

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/opencl/OpenclEmitter.h"
#include "driver/Compilation.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <algorithm>
#include <filesystem>
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
    codegen::cpu::CpuOptions options; // what the OpenCL target builds
    options.target = codegen::TargetInfo::opencl();
    codegen::cpu::CpuProgram program = codegen::cpu::buildCpuProgram(func, options);
    EmittedModel model;
    model.source = codegen::opencl::emitOpenclProgram(
        {*program.kernels, *program.deferredKernels}, program.plan);
    model.privateBytes = codegen::opencl::privateArrayBytes(
        {*program.kernels, *program.deferredKernels});
    model.plan = std::move(program.plan);
    models.push_back(std::move(model));
  }
  return models;
}

std::vector<std::string> modelFiles() {
  std::vector<std::string> files;
  for (const char *folder : {"examples", "tests/Run"}) {
    std::filesystem::path dir =
        std::filesystem::path(SLUICE_SOURCE_DIR) / folder;
    for (const auto &entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".sl")
        continue;
      std::string text = readFile(entry.path().string());
      if (text.rfind("model ", 0) == 0 ||
          text.find("\nmodel ") != std::string::npos)
        files.push_back(std::string(folder) + "/" +
                        entry.path().filename().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string readFile(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string withoutWordPublishing(std::string source, int &replaced) {
  replaced = 0;
  for (const char *tag : {"((ulong)aggregateTag << 32)",
                          "((ulong)carryTag << 32)"})
    for (size_t at = source.find(tag); at != std::string::npos;
         at = source.find(tag, at), ++replaced)
      source.replace(at, std::string(tag).size(), "(ulong)0");
  return source;
}

} // namespace sluice::runtime::opencl::testing
