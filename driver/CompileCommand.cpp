//===- CompileCommand.cpp - `sluice compile` ------------------------------===//

#include "driver/CommandErrors.h"
#include "driver/CompileCommand.h"
#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/SharedObjectWriter.h"
#include "codegen/opencl/OpenclProgram.h"
#include "frontend/Diagnostics.h"
#include "runtime/Artifact.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
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

/// Creates `dir` (or checks it is a directory), and removes its manifest,
/// so a failed compile never leaves a manifest next to other kernels.
void prepareDirectory(const std::string &dir) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error)
    throw std::runtime_error("cannot create the artifact directory '" + dir +
                             "': " + error.message());
  fs::remove(fs::path(dir) / runtime::kManifestFile, error);
}

/// DIR/kernels.cl (the OpenCL C source, runtime/opencl/KernelAbi.h, after a
/// first line naming the plan's checksum) and the
/// manifest. Needs no OpenCL device: the program is built where it runs.
void writeOpenclArtifact(const CompileCommandOptions &options,
                         const codegen::cpu::CpuOptions &cpuOptions,
                         Compilation &compilation) {
  const std::string &dir = options.outputDir;
  codegen::opencl::OpenclProgram program = codegen::opencl::buildOpenclProgram(
      compilation.selectedModel(), cpuOptions);
  prepareDirectory(dir);
  fs::path kernels = fs::path(dir) / runtime::kOpenclKernelsFile;
  {
    std::ofstream out(kernels, std::ios::binary | std::ios::trunc);
    out << runtime::kOpenclPlanChecksumComment
        << runtime::planChecksum(program.plan) << "\n"
        << program.source;
    if (!out)
      throw std::runtime_error("cannot write " + kernels.string());
  }
  runtime::ArtifactInfo info;
  info.target = "opencl";
  info.kernels = runtime::kOpenclKernelsFile;
  info.kernelsChecksum = runtime::fileChecksum(kernels.string());
  info.sluiceVersion = SLUICE_VERSION;
  info.source = options.compile.file;
  runtime::writeManifest(dir, program.plan, info);
  std::cout << "compiled model '" << program.plan.model << "' for opencl ("
            << countKernels(program.plan.steps) << " kernels) into " << dir
            << "\n";
}

void writeArtifact(const CompileCommandOptions &options) {
  if (options.target != "cpu" && options.target != "opencl")
    throw std::runtime_error("unknown target '" + options.target +
                             "' (choose cpu or opencl)");
  const std::string &dir = options.outputDir;
  std::error_code error;
  if (fs::exists(dir, error) && !fs::is_directory(dir, error))
    throw std::runtime_error("cannot write the artifact to '" + dir +
                             "': it is not a directory");
  Compilation compilation(options.compile);
  if (options.target == "opencl")
    compilation.scheduleFor(sl::ScheduleTarget::opencl);
  compilation.fuseWith(!options.noFusion);
  compilation.runTo("fused");
  codegen::cpu::CpuOptions cpuOptions;
  cpuOptions.fusion = !options.noFusion;
  cpuOptions.remarks = options.compile.remarks;
  cpuOptions.times = compilation.phaseTimes();
  if (options.target == "opencl") {
    writeOpenclArtifact(options, cpuOptions, compilation);
    if (codegen::PhaseTimes *times = compilation.phaseTimes())
      std::cerr << times->report();
    return;
  }
  codegen::cpu::CpuProgram program = [&] {
    codegen::PhaseTimer timer(cpuOptions.times, "plan and kernels");
    return codegen::cpu::buildCpuProgram(compilation.selectedModel(),
                                         cpuOptions);
  }();
  clearDeferred(program.plan.steps);
  prepareDirectory(dir);
  // The kernels go to a temporary name first, so a failed compile never
  // leaves a manifest next to kernels of another model.
  fs::path kernels = fs::path(dir) / runtime::kCpuKernelsFile;
  fs::path temporary = fs::path(dir) / (std::string(".") +
                                        runtime::kCpuKernelsFile + ".tmp-" +
                                        std::to_string(::getpid()));
  codegen::cpu::NativeCodeInfo native;
  try {
    native = codegen::cpu::writeKernelsSharedObject(program, temporary.string(),
                                                    cpuOptions.times);
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
  {
    codegen::PhaseTimer timer(cpuOptions.times, "manifest");
    runtime::writeManifest(dir, program.plan, info);
  }
  std::cout << "compiled model '" << program.plan.model << "' for cpu ("
            << native.cpu << ", " << countKernels(program.plan.steps)
            << " kernels) into " << dir << "\n";
  if (codegen::PhaseTimes *times = compilation.phaseTimes())
    std::cerr << times->report();
}
} // namespace

int compileArtifact(const CompileCommandOptions &options) {
  return exitStatusOf([&] {
    writeArtifact(options);
    std::cout.flush();
    return 0;
  });
}

} // namespace sluice::driver
