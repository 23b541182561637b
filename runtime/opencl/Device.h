//===- Device.h - Listing and choosing OpenCL devices -----------*- C++ -*-===//
//
// Every device of every platform, with the properties a scheduler needs
// (compute units, work-group size, local memory, forward progress between
// work-groups), and the choice of one: by the API's string, else by
// SLUICE_OPENCL_DEVICE, else the first GPU, else the first device. A choice
// is an index ("1": the second device listed; "1:0": platform 1, device 0)
// or a case-insensitive substring of the device name, vendor, platform name
// or version, or the type ("nvidia", "pocl", "cpu"). A choice that matches
// nothing throws an Error listing the devices.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_DEVICE_H
#define SLUICE_RUNTIME_OPENCL_DEVICE_H

#include "runtime/opencl/Cl.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice::runtime::opencl {

/// The environment variable that chooses the device.
constexpr const char *kDeviceVariable = "SLUICE_OPENCL_DEVICE";

/// One OpenCL device and the properties sluice uses.
struct DeviceInfo {
  /// Position in listDevices() (the index a choice like "1" names).
  unsigned index = 0;
  /// Position of the platform, and of the device within it ("1:0").
  unsigned platformIndex = 0;
  unsigned deviceIndex = 0;
  std::string platformName;
  std::string platformVersion;
  std::string deviceName;
  std::string vendor;
  /// CL_DRIVER_VERSION (part of the program cache's key).
  std::string driverVersion;
  /// CL_DEVICE_VERSION, e.g. "OpenCL 3.0 CUDA".
  std::string deviceVersion;
  /// "GPU", "CPU", "accelerator" or "other".
  std::string type;
  uint32_t computeUnits = 0;
  size_t maxWorkGroupSize = 0;
  /// The most work-items of a work-group along each dimension.
  std::vector<size_t> maxWorkItemSizes;
  uint64_t localMemoryBytes = 0;
  uint64_t globalMemoryBytes = 0;
  uint64_t maxAllocationBytes = 0;
  /// Whether cl_khr_fp64 / cl_khr_fp16 are supported.
  bool hasDouble = false;
  bool hasHalf = false;
  /// Whether a work-group may wait for another one (spin on a flag) without
  /// hanging: work-groups that have started keep being scheduled. True only
  /// for NVIDIA and AMD GPUs on their vendors' drivers (not PoCL's); the plan
  /// executor runs a Lookback step's one-pass kernel there (tiles waiting on
  /// their predecessors, KernelAbi.h) and three passes that never wait
  /// elsewhere (PoCL included), unless SLUICE_OPENCL_LOOKBACK says otherwise.
  bool forwardProgress = false;
  /// Whether the device rounds f32 to bf16 in one PTX instruction that its
  /// OpenCL C reaches through inline assembly (`cvt.rn.bf16.f32`): NVIDIA's
  /// driver on a device of compute capability 8.0 or more
  /// (cl_nv_device_attribute_query). Plan programs are then built with
  /// -D<kPtxBf16Macro> (KernelAbi.h): bf16 stores 57 -> 64% of the copy on
  /// the H200 (benchmarks/NOTES.md, "Twenty-ninth session").
  bool ptxBf16 = false;
  /// Whether the device has warp shuffles its OpenCL C reaches through
  /// inline assembly (`shfl.sync`): NVIDIA's driver, compute capability 7.0
  /// or more. Plan programs are then built with -D<kPtxShuffleMacro>
  /// (KernelAbi.h): the row one pass's trees over its parts exchange maps
  /// within a warp without barriers.
  bool ptxShuffle = false;
  cl_platform_id platform = nullptr;
  cl_device_id device = nullptr;

  /// "[1] 1:0 NVIDIA H200 (NVIDIA CUDA, GPU, 132 compute units)".
  std::string describe() const;
};

/// The rule behind DeviceInfo::forwardProgress, from the device's type,
/// vendor and platform: an NVIDIA or AMD GPU on a driver other than PoCL.
bool guaranteesForwardProgress(const DeviceInfo &device);

/// Every device of every platform, in platform order. Empty when no
/// OpenCL platform is installed (an ICD loader with no drivers).
std::vector<DeviceInfo> listDevices();

/// One line per device (DeviceInfo::describe), or "(no OpenCL device)".
std::string formatDeviceList(const std::vector<DeviceInfo> &devices);

/// The device `choice` names among `devices` (see the file comment); an
/// empty choice takes the first GPU, else the first device. Throws Error
/// when `devices` is empty or nothing matches; the message lists the
/// devices with their indices.
DeviceInfo chooseDevice(const std::vector<DeviceInfo> &devices,
                        const std::string &choice);

/// chooseDevice(listDevices(), choice), where an empty choice means the
/// value of SLUICE_OPENCL_DEVICE.
DeviceInfo selectDevice(const std::string &choice = "");

/// Like selectDevice, but nothing (instead of an Error) when the machine has
/// no OpenCL device at all, for callers that fall back to the CPU. A choice
/// that matches none of the devices present still throws.
std::optional<DeviceInfo> selectDeviceIfAny(const std::string &choice = "");

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_DEVICE_H
