//===- Artifact.h - A compiled model on disk --------------------*- C++ -*-===//
//
// `sluice compile MODEL.sl --target cpu -o DIR` writes an artifact: the
// manifest DIR/manifest.json (format "sluice-artifact", a version, the
// target, and the plan, runtime/PlanJson.h) and the kernels (for the CPU,
// DIR/kernels.so, machine code for the compiling machine's CPU). The
// runtime loads one with no compiler present: `sluice-run` and
// sluice::loadArtifact. docs/USAGE.md documents the format. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_ARTIFACT_H
#define SLUICE_RUNTIME_ARTIFACT_H

#include "runtime/Error.h"
#include "runtime/Executable.h"
#include "runtime/Plan.h"

#include <memory>
#include <string>

namespace sluice::runtime {

/// The manifest format version this runtime writes and reads. Bumped
/// whenever the manifest or the kernel ABI changes incompatibly. 2: the
/// OpenCL channel-group walk's parts went from 16 steps to the plan's
/// Lookback `walk_part_steps` (32, or 64 for a scan of one array), so a
/// version-1 OpenCL artifact's walk kernel no longer matches what this
/// runtime launches.
constexpr int kArtifactVersion = 2;
/// The manifest's file name inside an artifact directory.
constexpr const char *kManifestFile = "manifest.json";
/// The CPU kernels' file name inside an artifact directory.
constexpr const char *kCpuKernelsFile = "kernels.so";
/// The OpenCL kernels' file name (OpenCL C source, runtime/opencl/KernelAbi.h).
constexpr const char *kOpenclKernelsFile = "kernels.cl";

/// An artifact that cannot be loaded: missing or corrupt manifest, another
/// version or target, kernels that do not load or lack a symbol.
class ArtifactError : public Error {
public:
  using Error::Error;
};

/// What the manifest says besides the plan.
struct ArtifactInfo {
  std::string target = "cpu"; ///< "cpu" or "opencl"
  std::string kernels;        ///< the kernels' file, relative to the dir
  std::string triple;         ///< cpu: the LLVM target triple (opencl: empty)
  std::string cpu;            ///< cpu: the CPU the code was tuned for
  std::string features;       ///< cpu: LLVM's feature string (+avx2,...)
  /// fileChecksum of the kernels' file: loading checks it, so kernels of
  /// another compile next to this manifest are an error, not wrong results.
  std::string kernelsChecksum;
  /// planChecksum of the plan: loading checks it, so a plan edited after
  /// compiling (which could index past the kernels' buffers) is an error.
  std::string planChecksum;
  std::string sluiceVersion;  ///< the compiler that wrote it
  std::string source;         ///< the model file it came from
};

/// "fnv1a64:" and the 16 hex digits of the 64-bit FNV-1a hash of the
/// file's bytes. Throws ArtifactError when it cannot be read.
std::string fileChecksum(const std::string &path);

/// The symbol of a CPU artifact's kernels.so that holds (a `const char[]`)
/// the planChecksum of the plan its kernels were compiled with: loading
/// checks it against the manifest's, so a plan edited with its checksum
/// recomputed cannot bind kernels of another plan's signatures.
constexpr const char *kPlanChecksumSymbol = "sluice_plan_checksum";

/// The checksum (as fileChecksum's) of `plan`'s manifest text (planToJson:
/// every field but the kernel pointers).
std::string planChecksum(const Plan &plan);

/// The comment that starts an OpenCL artifact's kernels.cl lines with the
/// planChecksum of the plan they were printed for (kPlanChecksumSymbol's
/// part for OpenCL): readOpenclArtifact checks it against the manifest's,
/// so a plan edited with its checksum recomputed (smaller buffers than the
/// kernels index) cannot run them.
constexpr const char *kOpenclPlanChecksumComment = "// sluice plan checksum: ";

/// Writes DIR/manifest.json for `plan` (DIR must exist). Throws
/// ArtifactError when the file cannot be written.
void writeManifest(const std::string &dir, const Plan &plan,
                   const ArtifactInfo &info);

/// A manifest, read and checked (format, version, plan), kernels unbound.
struct Manifest {
  ArtifactInfo info;
  Plan plan;
};

/// Reads DIR/manifest.json. Throws ArtifactError naming the directory and
/// the problem (with the member or line of a corrupt file).
Manifest readManifest(const std::string &dir);

/// A loaded artifact: its plan with every kernel bound, ready for
/// executeOnCpu, and the code the kernels live in.
struct Artifact {
  ArtifactInfo info;
  Plan plan;
  std::unique_ptr<Executable> code;
};

/// An OpenCL artifact: its plan and the OpenCL C source of its kernels,
/// built for a device when it is loaded (runtime/opencl/OpenclModel.h).
struct OpenclArtifact {
  ArtifactInfo info;
  Plan plan;
  std::string source;
};

/// Reads the OpenCL artifact in `dir`: the manifest (target "opencl") and
/// its kernels' source, both checked against their checksums. Needs no
/// OpenCL. Throws ArtifactError.
OpenclArtifact readOpenclArtifact(const std::string &dir);

/// Loads the artifact in `dir` for running here: reads the manifest,
/// checks the target (cpu), the architecture and the CPU features the code
/// needs, loads the kernels and binds every kernel step. Throws
/// ArtifactError.
std::unique_ptr<Artifact> loadArtifact(const std::string &dir);

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_ARTIFACT_H
