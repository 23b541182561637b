//===- CompileCommand.cpp - `sluice compile` ------------------------------===//

#include "driver/CompileCommand.h"
#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/SharedObjectWriter.h"
#include "frontend/Diagnostics.h"
#include "runtime/Artifact.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <new>

namespace sluice::driver {

namespace fs = std::filesystem;

namespace {
/// Every step runs from the artifact's code: nothing is compiled later.
void clearDeferred(std::vector<runtime::Step> &steps) {
  for (runtime::Step &s : steps) {
    s.deferred = false;
    clearDeferred(s.body);
  }
}

int countKernels(const std::vector<runtime::Step> &steps) {
  int n = 0;
  for (const runtime::Step &s : steps)
    n += (s.kind == runtime::Step::Kind::Kernel) + countKernels(s.body);
  return n;
}

void writeArtifact(const CompileCommandOptions &options) {
  if (options.target == "opencl")
    throw std::runtime_error("the opencl target is not built yet: compile "
                             "with --target cpu");
  if (options.target != "cpu")
    throw std::runtime_error("unknown target '" + options.target +
                             "' (choose cpu)");
  const std::string &dir = options.outputDir;
  std::error_code error;
  if (fs::exists(dir, error) && !fs::is_directory(dir, error))
    throw std::runtime_error("cannot write the artifact to '" + dir +
                             "': it is not a directory");
  Compilation compilation(options.compile);
  compilation.runTo("recognized");
  codegen::cpu::CpuOptions cpuOptions;
  cpuOptions.fusion = !options.noFusion;
  cpuOptions.scanStrategy = options.scanStrategy;
  cpuOptions.remarks = options.compile.remarks;
  codegen::cpu::CpuProgram program =
      codegen::cpu::buildCpuProgram(compilation.selectedModel(), cpuOptions);
  clearDeferred(program.plan.steps);
  fs::create_directories(dir, error);
  if (error)
    throw std::runtime_error("cannot create the artifact directory '" + dir +
                             "': " + error.message());
  // The kernels go to a temporary name first, so a failed compile never
  // leaves a manifest next to kernels of another model.
  fs::remove(fs::path(dir) / runtime::kManifestFile, error);
  fs::path kernels = fs::path(dir) / runtime::kCpuKernelsFile;
  fs::path temporary = fs::path(dir) / (std::string(".") +
                                        runtime::kCpuKernelsFile + ".tmp-" +
                                        std::to_string(::getpid()));
  codegen::cpu::NativeCodeInfo native;
  try {
    native = codegen::cpu::writeKernelsSharedObject(program, temporary.string());
  } catch (...) {
    fs::remove(temporary, error);
    throw;
  }
  fs::rename(temporary, kernels, error);
  if (error)
    throw std::runtime_error("cannot write " + kernels.string() + ": " +
                             error.message());
  runtime::ArtifactInfo info;
  info.target = "cpu";
  info.kernels = runtime::kCpuKernelsFile;
  info.triple = native.triple;
  info.cpu = native.cpu;
  info.features = native.features;
  info.kernelsChecksum = runtime::fileChecksum(kernels.string());
  info.sluiceVersion = SLUICE_VERSION;
  info.source = options.compile.file;
  runtime::writeManifest(dir, program.plan, info);
  std::cout << "compiled model '" << program.plan.model << "' for cpu ("
            << native.cpu << ", " << countKernels(program.plan.steps)
            << " kernels) into " << dir << "\n";
}
} // namespace

int compileArtifact(const CompileCommandOptions &options) {
  try {
    writeArtifact(options);
    std::cout.flush();
    return 0;
  } catch (const CompileError &e) {
    std::cout.flush();
    std::cerr << e.what();
    return 1;
  } catch (const std::bad_alloc &) {
    std::cerr << "sluice: error: out of memory\n";
    return 1;
  } catch (const std::exception &e) {
    std::string message = e.what();
    // Messages of the code generator already say "sluice: ".
    if (message.rfind("sluice: ", 0) == 0)
      message = message.substr(8);
    std::cerr << "sluice: error: " << message << "\n";
    return 1;
  }
}

} // namespace sluice::driver
