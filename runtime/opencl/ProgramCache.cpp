//===- ProgramCache.cpp - Building OpenCL programs, cached ----------------===//

#include "runtime/opencl/ProgramCache.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/OpenclError.h"

#include <cstdlib>
#include <iostream>

namespace sluice::runtime::opencl {

namespace {

/// The first 8 bytes of a cache file; the digit is the format's version.
constexpr char kMagic[8] = {'S', 'L', 'U', 'I', 'C', 'E', 'C', '1'};
/// Kept in every build so Kernel can check argument kinds (OpenCL 1.2 keeps
/// argument info only when asked).
constexpr const char *kArgInfoOption = "-cl-kernel-arg-info";

/// Whether SLUICE_OPENCL_BUILD_LOG asks for the log of every program built
/// from source (set and not "0"). With `-cl-nv-verbose` in
/// SLUICE_OPENCL_BUILD_OPTIONS, NVIDIA's log holds each kernel's registers,
/// spills and shared memory (ptxas -v).
bool printBuildLogs() {
  const char *value = std::getenv("SLUICE_OPENCL_BUILD_LOG");
  return value && *value && std::string(value) != "0";
}

/// `options` with kArgInfoOption, and `-w` unless the build logs are asked
/// for: a compiler's warnings (PoCL's "loop not unrolled" where a
/// `#pragma unroll` loop is not) would reach stderr as a bare "N warnings
/// generated." with nothing the user can act on.
std::string effectiveOptions(const std::string &options) {
  std::string added = printBuildLogs() ? std::string(kArgInfoOption)
                                       : std::string(kArgInfoOption) + " -w";
  return options.empty() ? added : options + " " + added;
}

/// The longest build log a message holds.
constexpr size_t kMaxLogBytes = 64 * 1024;

std::string buildLog(cl_program program, cl_device_id device) {
  size_t size = 0;
  if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, nullptr,
                            &size) != CL_SUCCESS)
    return "(no build log)";
  std::string log(size, '\0');
  if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, size,
                            log.data(), nullptr) != CL_SUCCESS)
    return "(no build log)";
  while (!log.empty() && (log.back() == '\0' || log.back() == '\n'))
    log.pop_back();
  if (log.size() > kMaxLogBytes)
    log = log.substr(0, kMaxLogBytes) + "\n... (build log truncated)";
  return log.empty() ? "(empty build log)" : log;
}

/// The device binary of a built program.
std::string programBinary(const Program &program) {
  size_t size = 0;
  check(clGetProgramInfo(program.handle(), CL_PROGRAM_BINARY_SIZES, sizeof size,
                         &size, nullptr),
        "clGetProgramInfo", "program '" + program.name() + "'");
  std::string binary(size, '\0');
  unsigned char *data = reinterpret_cast<unsigned char *>(binary.data());
  check(clGetProgramInfo(program.handle(), CL_PROGRAM_BINARIES, sizeof data,
                         &data, nullptr),
        "clGetProgramInfo", "program '" + program.name() + "'");
  return binary;
}

} // namespace

std::string planBuildOptions(const DeviceInfo &device) {
  return programBuildOptions(device.forwardProgress, device.ptxBf16,
                             device.ptxShuffle);
}

ProgramCache::ProgramCache(cl_context context, const DeviceInfo &device,
                           std::string cacheDirectory)
    : context_(context), device_(device) {
  if (!cacheDirectory.empty())
    directory_ = cacheDirectory + "/opencl";
}

std::string ProgramCache::key(const std::string &source,
                              const std::string &options) const {
  return CacheKey()
      .add("sluice-opencl-cache-1")
      .add(source)
      .add(effectiveOptions(options))
      .add(device_.deviceName)
      .add(device_.vendor)
      .add(device_.deviceVersion)
      .add(device_.driverVersion)
      .add(device_.platformName)
      .add(device_.platformVersion)
      .key();
}

std::string ProgramCache::filePath(const std::string &key) const {
  return directory_.empty() ? "" : directory_ + "/" + key + ".bin";
}

ProgramCacheStats ProgramCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

std::shared_ptr<const Program> ProgramCache::build(const std::string &name,
                                                   const std::string &source,
                                                   const std::string &options) {
  std::string programKey = key(source, options);
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto found = programs_.find(programKey); found != programs_.end()) {
    ++stats_.memoryHits;
    return found->second;
  }
  std::shared_ptr<const Program> program;
  std::string path = filePath(programKey);
  if (!path.empty()) {
    std::string binary;
    bool corrupt = false;
    if (readCacheFile(path, kMagic, binary, corrupt))
      program = buildFromBinary(name, binary, options, source);
    if (program)
      ++stats_.diskHits;
    else if (corrupt || !binary.empty())
      ++stats_.corruptFiles;
  }
  if (!program) {
    program = buildFromSource(name, source, options);
    ++stats_.sourceBuilds;
    if (!path.empty())
      store(programKey, *program);
  }
  programs_.emplace(programKey, program);
  return program;
}

std::shared_ptr<const Program>
ProgramCache::buildFromBinary(const std::string &name,
                              const std::string &binary,
                              const std::string &options,
                              const std::string &source) {
  size_t size = binary.size();
  auto data = reinterpret_cast<const unsigned char *>(binary.data());
  cl_int binaryStatus = CL_SUCCESS;
  cl_int status = CL_SUCCESS;
  cl_program handle = clCreateProgramWithBinary(
      context_, 1, &device_.device, &size, &data, &binaryStatus, &status);
  if (status != CL_SUCCESS || binaryStatus != CL_SUCCESS || !handle) {
    if (handle)
      clReleaseProgram(handle);
    return nullptr;
  }
  auto program = std::make_shared<const Program>(
      handle, name, hex64(fnv1a(source)), source, options);
  if (clBuildProgram(handle, 1, &device_.device,
                     effectiveOptions(options).c_str(), nullptr,
                     nullptr) != CL_SUCCESS)
    return nullptr;
  return program;
}

std::shared_ptr<const Program>
ProgramCache::buildFromSource(const std::string &name,
                              const std::string &source,
                              const std::string &options) {
  const char *text = source.c_str();
  size_t length = source.size();
  cl_int status = CL_SUCCESS;
  cl_program handle =
      clCreateProgramWithSource(context_, 1, &text, &length, &status);
  check(status, "clCreateProgramWithSource", "program '" + name + "'");
  auto program = std::make_shared<const Program>(
      handle, name, hex64(fnv1a(source)), source, options);
  std::string built = effectiveOptions(options);
  status = clBuildProgram(handle, 1, &device_.device, built.c_str(), nullptr,
                          nullptr);
  if (status == CL_SUCCESS && printBuildLogs())
    std::cerr << "sluice: OpenCL build log of program '" << name << "' on "
              << device_.deviceName << " (options '" << built << "'):\n"
              << buildLog(handle, device_.device) << "\n";
  if (status != CL_SUCCESS)
    throw Error(
        openclError(
            status, "clBuildProgram",
            "program '" + name + "' on " + device_.deviceName +
                (options.empty() ? "" : " with options '" + options + "'"))
            .what() +
        std::string("; build log:\n") + buildLog(handle, device_.device));
  return program;
}

void ProgramCache::store(const std::string &programKey,
                         const Program &program) {
  std::string binary;
  try {
    binary = programBinary(program);
  } catch (const Error &) {
    return; // a driver without binaries: memory cache only
  }
  if (!binary.empty() && writeCacheFile(filePath(programKey), kMagic, binary))
    ++stats_.diskWrites;
}

} // namespace sluice::runtime::opencl
