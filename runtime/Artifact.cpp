//===- Artifact.cpp - A compiled model on disk ----------------------------===//

#include "runtime/Artifact.h"
#include "runtime/Json.h"
#include "runtime/PlanJson.h"
#include "runtime/cpu/HostFeatures.h"
#include "runtime/cpu/SharedObject.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace sluice::runtime {

namespace fs = std::filesystem;

namespace {
/// The artifact format's name in the manifest.
constexpr const char *kFormatName = "sluice-artifact";
/// Manifests larger than this are not read (a plan is a few hundred KiB).
constexpr std::uintmax_t kMaxManifestBytes = std::uintmax_t(256) << 20;

std::string manifestPath(const std::string &dir) {
  return (fs::path(dir) / kManifestFile).string();
}

/// The architecture this runtime was built for, as LLVM triples begin.
const char *hostArchitecture() {
#if defined(__x86_64__)
  return "x86_64";
#elif defined(__aarch64__)
  return "aarch64";
#else
  return "";
#endif
}

/// Throws when `features` (LLVM's "+avx2,+fma,...") asks for an x86
/// feature this CPU (or its operating system) lacks: its code would die of
/// an illegal instruction (cpu/HostFeatures.h says which features count).
void checkCpuFeatures(const std::string &dir, const ArtifactInfo &info) {
  std::vector<std::string> missing = missingHostFeatures(info.features);
  if (missing.empty())
    return;
  std::string names;
  for (const std::string &name : missing)
    names += (names.empty() ? "" : ", ") + name;
  throw ArtifactError("artifact '" + dir + "' was compiled for a CPU with " +
                      names + " (" + info.cpu +
                      "), which this machine lacks: compile the model again "
                      "on a machine like this one");
}
} // namespace

namespace {
/// The 64-bit FNV-1a offset basis: the hash of no bytes.
constexpr uint64_t kFnvBasis = 0xcbf29ce484222325ull;

/// `hash` with `size` more bytes hashed in.
uint64_t fnv1a(uint64_t hash, const char *bytes, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    hash ^= static_cast<unsigned char>(bytes[i]);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::string checksumText(uint64_t hash) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return std::string("fnv1a64:") + hex;
}
} // namespace

std::string fileChecksum(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ArtifactError("cannot read " + path);
  uint64_t hash = kFnvBasis;
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    hash = fnv1a(hash, buffer, static_cast<size_t>(in.gcount()));
  }
  if (in.bad())
    throw ArtifactError("cannot read " + path);
  return checksumText(hash);
}

std::string planChecksum(const Plan &plan) {
  std::string text = planToJson(plan);
  return checksumText(fnv1a(kFnvBasis, text.data(), text.size()));
}

void writeManifest(const std::string &dir, const Plan &plan,
                   const ArtifactInfo &info) {
  using json::quote;
  std::ostringstream os;
  os << "{\n"
     << "  \"format\": " << quote(kFormatName) << ",\n"
     << "  \"version\": " << kArtifactVersion << ",\n"
     << "  \"target\": " << quote(info.target) << ",\n"
     << "  \"sluice_version\": " << quote(info.sluiceVersion) << ",\n"
     << "  \"source\": " << quote(info.source) << ",\n"
     << "  \"kernels\": {\"file\": " << quote(info.kernels)
     << ", \"triple\": " << quote(info.triple) << ", \"cpu\": " << quote(info.cpu)
     << ", \"features\": " << quote(info.features)
     << ", \"checksum\": " << quote(info.kernelsChecksum) << "},\n"
     << "  \"plan_checksum\": " << quote(planChecksum(plan)) << ",\n"
     << "  \"plan\": ";
  // The plan's members one level deeper than the manifest's.
  std::string planText = planToJson(plan, 2);
  std::string indented;
  for (char c : planText) {
    indented += c;
    if (c == '\n')
      indented += "  ";
  }
  os << indented << "\n}\n";
  std::string path = manifestPath(dir);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << os.str();
  out.close();
  if (!out)
    throw ArtifactError("cannot write " + path);
}

Manifest readManifest(const std::string &dir) {
  std::string path = manifestPath(dir);
  std::error_code error;
  if (!fs::is_directory(dir, error))
    throw ArtifactError("'" + dir + "' is not an artifact directory (it " +
                        (fs::exists(dir, error) ? "is not a directory"
                                                : "does not exist") +
                        ")");
  if (!fs::is_regular_file(path, error))
    throw ArtifactError("'" + dir + "' is not an artifact: it has no " +
                        kManifestFile);
  if (fs::file_size(path, error) > kMaxManifestBytes)
    throw ArtifactError(path + " is larger than a manifest can be");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in)
    throw ArtifactError("cannot read " + path);
  Manifest manifest;
  try {
    json::Value root = json::parse(text.str());
    if (root.kind() != json::Value::Kind::Object || !root.has("format") ||
        root.at("format").kind() != json::Value::Kind::String ||
        root.at("format").asString() != kFormatName)
      throw ArtifactError(path + " is not a sluice artifact manifest (no "
                                 "\"format\": \"sluice-artifact\")");
    int64_t version = root.at("version").asInt();
    if (version != kArtifactVersion)
      throw ArtifactError(
          "artifact '" + dir + "' has format version " +
          std::to_string(version) + "; this runtime reads version " +
          std::to_string(kArtifactVersion) +
          ": compile the model again with this sluice");
    ArtifactInfo &info = manifest.info;
    info.target = root.at("target").asString();
    if (info.target != "cpu" && info.target != "opencl")
      throw ArtifactError("artifact '" + dir + "' is for target '" +
                          info.target +
                          "'; this runtime runs 'cpu' and 'opencl' artifacts");
    info.sluiceVersion = root.at("sluice_version").asString();
    info.source = root.at("source").asString();
    const json::Value &kernels = root.at("kernels");
    info.kernels = kernels.at("file").asString();
    info.triple = kernels.at("triple").asString();
    info.cpu = kernels.at("cpu").asString();
    info.features = kernels.at("features").asString();
    info.kernelsChecksum = kernels.at("checksum").asString();
    info.planChecksum = root.at("plan_checksum").asString();
    manifest.plan = planFromJson(root.at("plan"));
  } catch (const json::JsonError &e) {
    throw ArtifactError("corrupt manifest " + path + ": " + e.what());
  }
  return manifest;
}

namespace {
/// The kernels' file of an artifact, checked: inside DIR, present, and the
/// file the manifest was written with.
std::string checkedKernelsPath(const std::string &dir, const ArtifactInfo &info) {
  if (info.kernels.empty() || fs::path(info.kernels).is_absolute() ||
      info.kernels.find("..") != std::string::npos)
    throw ArtifactError("corrupt manifest " + manifestPath(dir) +
                        ": 'kernels.file' must name a file in the artifact");
  std::string kernelsPath = (fs::path(dir) / info.kernels).string();
  std::error_code error;
  if (!fs::is_regular_file(kernelsPath, error))
    throw ArtifactError("artifact '" + dir + "' has no kernels: " +
                        kernelsPath +
                        (fs::exists(kernelsPath, error) ? " is not a file"
                                                        : " is missing"));
  if (fileChecksum(kernelsPath) != info.kernelsChecksum)
    throw ArtifactError("artifact '" + dir + "': " + kernelsPath +
                        " is not the code its manifest was written with "
                        "(checksum mismatch): compile the model again");
  return kernelsPath;
}

/// A plan that validates but differs from the one compiled with the code
/// (edited, or corrupted in place) could index past the kernels' buffers.
void checkPlan(const std::string &dir, const Plan &plan,
               const ArtifactInfo &info) {
  if (planChecksum(plan) != info.planChecksum)
    throw ArtifactError("corrupt manifest " + manifestPath(dir) +
                        ": the plan does not match its checksum (edited "
                        "after compiling?): compile the model again");
}
} // namespace

OpenclArtifact readOpenclArtifact(const std::string &dir) {
  Manifest manifest = readManifest(dir);
  if (manifest.info.target != "opencl")
    throw ArtifactError("artifact '" + dir + "' is for target '" +
                        manifest.info.target + "', not 'opencl'");
  if (manifest.info.kernels != kOpenclKernelsFile)
    throw ArtifactError("corrupt manifest " + manifestPath(dir) +
                        ": the kernels of an 'opencl' artifact are " +
                        kOpenclKernelsFile + ", not '" + manifest.info.kernels +
                        "'");
  std::string path = checkedKernelsPath(dir, manifest.info);
  checkPlan(dir, manifest.plan, manifest.info);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in)
    throw ArtifactError("cannot read " + path);
  std::string source = text.str();
  // The plan the kernels were printed for (its first line).
  std::string_view prefix = kOpenclPlanChecksumComment;
  std::string_view firstLine(source.data(),
                             std::min(source.find('\n'), source.size()));
  bool says = firstLine.substr(0, prefix.size()) == prefix;
  if (!says || firstLine.substr(prefix.size()) != manifest.info.planChecksum)
    throw ArtifactError(
        "artifact '" + dir + "': " + path +
        (says ? " was printed for another plan than its manifest's (edited "
                "after compiling?)"
              : " does not say which plan it was printed for (written by an "
                "older sluice?)") +
        ": compile the model again");
  return OpenclArtifact{manifest.info, std::move(manifest.plan),
                        std::move(source)};
}

std::unique_ptr<Artifact> loadArtifact(const std::string &dir) {
  Manifest manifest = readManifest(dir);
  const ArtifactInfo &info = manifest.info;
  if (info.target != "cpu")
    throw ArtifactError("artifact '" + dir + "' is for target '" + info.target +
                        "', not 'cpu'");
  std::string arch = info.triple.substr(0, info.triple.find('-'));
  if (arch != hostArchitecture())
    throw ArtifactError("artifact '" + dir + "' holds code for " +
                        (arch.empty() ? std::string("an unknown architecture")
                                      : arch) +
                        ", this machine is " + hostArchitecture());
  checkCpuFeatures(dir, info);
  std::string kernelsPath = checkedKernelsPath(dir, info);
  checkPlan(dir, manifest.plan, info);
  std::error_code error;
  auto artifact = std::make_unique<Artifact>();
  artifact->info = info;
  artifact->plan = std::move(manifest.plan);
  try {
    // dlopen needs a path with a slash to not search the library path.
    std::string loadPath = fs::absolute(kernelsPath, error).string();
    auto code = std::make_unique<SharedObject>(loadPath.empty() ? kernelsPath
                                                                : loadPath);
    const char *compiledWith = code->lookupString(kPlanChecksumSymbol);
    if (!compiledWith || compiledWith != info.planChecksum)
      throw ArtifactError(
          "artifact '" + dir + "': " + kernelsPath +
          (compiledWith ? " was compiled with another plan than its manifest's "
                          "(edited after compiling?)"
                        : " does not say which plan it was compiled with "
                          "(written by an older sluice?)") +
          ": compile the model again");
    artifact->code = std::move(code);
    bindKernels(artifact->plan, *artifact->code);
  } catch (const ArtifactError &) {
    throw;
  } catch (const Error &e) {
    throw ArtifactError("artifact '" + dir + "': " + e.what());
  }
  return artifact;
}

} // namespace sluice::runtime
