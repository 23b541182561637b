//===- SharedObjectWriter.cpp - CPU kernels ahead of time, as a .so -------===//

#include "codegen/cpu/SharedObjectWriter.h"
#include "codegen/cpu/Jit.h"
#include "runtime/Artifact.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "llvm/Target/TargetMachine.h"

#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char **environ;

namespace sluice::codegen::cpu {

namespace fs = std::filesystem;

namespace {
/// A scratch directory removed when this goes away.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    std::string pattern =
        (fs::temp_directory_path() / "sluice-compile-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw std::runtime_error("sluice: cannot create a temporary directory "
                               "in " +
                               fs::temp_directory_path().string());
    path = pattern;
  }
  ~ScratchDir() {
    std::error_code error;
    fs::remove_all(path, error);
  }
};

/// The C compiler driver that links the shared object.
std::string linkerDriver() {
  if (const char *cc = std::getenv("SLUICE_CC"); cc && *cc)
    return cc;
#ifdef SLUICE_HOST_CC
  if (fs::exists(SLUICE_HOST_CC))
    return SLUICE_HOST_CC;
#endif
  return "cc";
}

/// Runs `argv` (searched in PATH), its stdout and stderr into `log`;
/// returns its exit status (127 when it could not start).
int runProgram(const std::vector<std::string> &argv, const fs::path &log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char *> args;
  for (const std::string &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int status = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(),
                            environ);
  posix_spawn_file_actions_destroy(&actions);
  if (status != 0)
    return 127;
  if (::waitpid(pid, &status, 0) < 0)
    return 127;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/// Lowers, optimizes and emits one part of `plan`'s kernels as an object
/// file at `path` (compileToObject); sets `usesVectorMath` when the code
/// calls libmvec.
void writeObject(const KernelPart &part, const runtime::Plan &plan,
                 llvm::TargetMachine &tm, const fs::path &path,
                 bool &usesVectorMath, PhaseTimes *times) {
  std::string object =
      compileToObject(*part.module, &plan, tm, times, "", &usesVectorMath);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(object.data(), static_cast<std::streamsize>(object.size()));
  out.close();
  if (!out)
    throw std::runtime_error("sluice: cannot write " + path.string());
}
} // namespace

NativeCodeInfo writeKernelsSharedObject(CpuProgram &program,
                                        const std::string &path,
                                        PhaseTimes *times) {
  std::unique_ptr<llvm::TargetMachine> tm =
      hostTargetMachine(/*positionIndependent=*/true);
  NativeCodeInfo info;
  info.triple = tm->getTargetTriple().str();
  info.cpu = tm->getTargetCPU().str();
  info.features = tm->getTargetFeatureString().str();
  ScratchDir scratch;
  // One part per core (LLVM's optimizer and code generator dominate), split
  // as the JIT splits its kernels.
  mlir::MLIRContext *ctx = program.kernels->getContext();
  // Dialects load here: the parts' threads only look them up.
  loadLoweringDialects(ctx);
  registerTranslations(ctx);
  std::vector<mlir::ModuleOp> modules;
  for (mlir::ModuleOp kernels : {*program.kernels, *program.deferredKernels})
    if (kernels && !kernels.getBody()->empty())
      modules.push_back(kernels);
  std::vector<KernelPart> parts =
      modules.empty() ? std::vector<KernelPart>()
                      : splitIntoParts(modules, partCountFor(ctx));
  struct Emission {
    fs::path object;
    bool usesVectorMath = false;
    std::string error;
  };
  std::vector<Emission> emissions(parts.size());
  auto emit = [&](size_t i) {
    Emission &e = emissions[i];
    try {
      e.object = scratch.path / ("kernels" + std::to_string(i) + ".o");
      std::unique_ptr<llvm::TargetMachine> partTarget =
          hostTargetMachine(/*positionIndependent=*/true);
      writeObject(parts[i], program.plan, *partTarget, e.object,
                  e.usesVectorMath, times);
    } catch (const std::exception &ex) {
      e.error = ex.what();
    }
  };
  {
    PhaseTimer timer(times, "object files (" + std::to_string(parts.size()) +
                                " threads)");
    std::vector<std::thread> workers;
    for (size_t i = 1; i < parts.size(); ++i)
      workers.emplace_back(emit, i);
    if (!parts.empty())
      emit(0);
    for (std::thread &t : workers)
      t.join();
  }
  std::vector<std::string> objects;
  bool usesVectorMath = false;
  for (const Emission &e : emissions) {
    if (!e.error.empty())
      throw std::runtime_error(e.error);
    objects.push_back(e.object.string());
    usesVectorMath |= e.usesVectorMath;
  }
  // The plan's checksum, for the loader to match against the manifest's
  // (runtime/Artifact.h, kPlanChecksumSymbol), compiled by the same driver.
  fs::path planSource = scratch.path / "plan_checksum.c";
  {
    std::ofstream out(planSource);
    out << "const char " << runtime::kPlanChecksumSymbol << "[] = \""
        << runtime::planChecksum(program.plan) << "\";\n";
    if (!out)
      throw std::runtime_error("sluice: cannot write " + planSource.string());
  }
  std::vector<std::string> argv = {linkerDriver(), "-shared", "-fPIC", "-o",
                                   path};
  argv.insert(argv.end(), objects.begin(), objects.end());
  argv.push_back(planSource.string());
  if (usesVectorMath)
    argv.push_back("-lmvec");
  argv.push_back("-lm");
  fs::path log = scratch.path / "link.log";
  int status;
  {
    PhaseTimer timer(times, "link (" + argv[0] + " -shared)");
    status = runProgram(argv, log);
  }
  std::error_code error;
  // (A driver that exits 0 without writing the file: SLUICE_CC a wrong
  // program.)
  bool written = status == 0 && fs::is_regular_file(path, error);
  if (!written) {
    std::ifstream in(log);
    std::ostringstream text;
    text << in.rdbuf();
    std::string command;
    for (const std::string &a : argv)
      command += (command.empty() ? "" : " ") + a;
    throw std::runtime_error(
        "sluice: linking the kernels failed (" +
        (status == 127 ? std::string("could not run '") + argv[0] + "'"
         : status != 0 ? "exit status " + std::to_string(status)
                       : "exit status 0 but no " + path + " written") +
        "): " + command + (text.str().empty() ? "" : "\n" + text.str()));
  }
  return info;
}

} // namespace sluice::codegen::cpu
