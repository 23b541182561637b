//===- Device.cpp - Listing and choosing OpenCL devices -------------------===//

#include "runtime/opencl/Device.h"
#include "runtime/opencl/ExecutorEnvironment.h"
#include "runtime/opencl/OpenclError.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace sluice::runtime::opencl {

namespace {

std::string platformString(cl_platform_id platform, cl_platform_info what,
                           const char *name) {
  size_t size = 0;
  check(clGetPlatformInfo(platform, what, 0, nullptr, &size),
        "clGetPlatformInfo", name);
  std::string value(size, '\0');
  check(clGetPlatformInfo(platform, what, size, value.data(), nullptr),
        "clGetPlatformInfo", name);
  while (!value.empty() && (value.back() == '\0' || value.back() == ' '))
    value.pop_back();
  return value;
}

std::string deviceString(cl_device_id device, cl_device_info what,
                         const char *name) {
  size_t size = 0;
  check(clGetDeviceInfo(device, what, 0, nullptr, &size), "clGetDeviceInfo",
        name);
  std::string value(size, '\0');
  check(clGetDeviceInfo(device, what, size, value.data(), nullptr),
        "clGetDeviceInfo", name);
  while (!value.empty() && (value.back() == '\0' || value.back() == ' '))
    value.pop_back();
  return value;
}

template <typename T>
T deviceValue(cl_device_id device, cl_device_info what, const char *name) {
  T value{};
  check(clGetDeviceInfo(device, what, sizeof(T), &value, nullptr),
        "clGetDeviceInfo", name);
  return value;
}

std::string lowercase(std::string text) {
  for (char &c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool contains(const std::string &text, const std::string &part) {
  return lowercase(text).find(lowercase(part)) != std::string::npos;
}

std::string trim(const std::string &text) {
  size_t begin = text.find_first_not_of(" \t\n");
  if (begin == std::string::npos)
    return "";
  size_t end = text.find_last_not_of(" \t\n");
  return text.substr(begin, end - begin + 1);
}

/// Parses a non-negative decimal number of at most 9 digits.
bool parseIndex(const std::string &text, unsigned &index) {
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(),
                   [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  index = static_cast<unsigned>(std::stoul(text));
  return true;
}

DeviceInfo describeDevice(cl_platform_id platform, cl_device_id device) {
  DeviceInfo info;
  info.platform = platform;
  info.device = device;
  info.platformName =
      platformString(platform, CL_PLATFORM_NAME, "CL_PLATFORM_NAME");
  info.platformVersion =
      platformString(platform, CL_PLATFORM_VERSION, "CL_PLATFORM_VERSION");
  info.deviceName = deviceString(device, CL_DEVICE_NAME, "CL_DEVICE_NAME");
  info.vendor = deviceString(device, CL_DEVICE_VENDOR, "CL_DEVICE_VENDOR");
  info.driverVersion =
      deviceString(device, CL_DRIVER_VERSION, "CL_DRIVER_VERSION");
  info.deviceVersion =
      deviceString(device, CL_DEVICE_VERSION, "CL_DEVICE_VERSION");
  auto type =
      deviceValue<cl_device_type>(device, CL_DEVICE_TYPE, "CL_DEVICE_TYPE");
  info.type = (type & CL_DEVICE_TYPE_GPU)           ? "GPU"
              : (type & CL_DEVICE_TYPE_CPU)         ? "CPU"
              : (type & CL_DEVICE_TYPE_ACCELERATOR) ? "accelerator"
                                                    : "other";
  info.computeUnits = deviceValue<cl_uint>(device, CL_DEVICE_MAX_COMPUTE_UNITS,
                                           "CL_DEVICE_MAX_COMPUTE_UNITS");
  // Schedules (chunks, work-group counts, launch orders) as if the device
  // had this many compute units: tests pin a machine-independent path.
  if (int64_t units = sizeFromEnvironment("SLUICE_OPENCL_COMPUTE_UNITS"))
    info.computeUnits = static_cast<uint32_t>(units);
  info.maxWorkGroupSize = deviceValue<size_t>(
      device, CL_DEVICE_MAX_WORK_GROUP_SIZE, "CL_DEVICE_MAX_WORK_GROUP_SIZE");
  auto dimensions =
      deviceValue<cl_uint>(device, CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS,
                           "CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS");
  info.maxWorkItemSizes.assign(dimensions, 0);
  check(clGetDeviceInfo(device, CL_DEVICE_MAX_WORK_ITEM_SIZES,
                        dimensions * sizeof(size_t),
                        info.maxWorkItemSizes.data(), nullptr),
        "clGetDeviceInfo", "CL_DEVICE_MAX_WORK_ITEM_SIZES");
  info.localMemoryBytes = deviceValue<cl_ulong>(
      device, CL_DEVICE_LOCAL_MEM_SIZE, "CL_DEVICE_LOCAL_MEM_SIZE");
  info.globalMemoryBytes = deviceValue<cl_ulong>(
      device, CL_DEVICE_GLOBAL_MEM_SIZE, "CL_DEVICE_GLOBAL_MEM_SIZE");
  info.maxAllocationBytes = deviceValue<cl_ulong>(
      device, CL_DEVICE_MAX_MEM_ALLOC_SIZE, "CL_DEVICE_MAX_MEM_ALLOC_SIZE");
  std::string extensions =
      deviceString(device, CL_DEVICE_EXTENSIONS, "CL_DEVICE_EXTENSIONS");
  info.hasDouble = extensions.find("cl_khr_fp64") != std::string::npos;
  info.hasHalf = extensions.find("cl_khr_fp16") != std::string::npos;
  info.forwardProgress = guaranteesForwardProgress(info);
  // cl_nv_device_attribute_query's CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV.
  constexpr cl_device_info kComputeCapabilityMajorNv = 0x4000;
  cl_uint major = 0;
  if (extensions.find("cl_nv_device_attribute_query") != std::string::npos &&
      contains(info.platformName, "nvidia") &&
      clGetDeviceInfo(device, kComputeCapabilityMajorNv, sizeof major, &major,
                      nullptr) == CL_SUCCESS) {
    info.ptxBf16 = major >= 8;
    info.ptxShuffle = major >= 7;
  }
  return info;
}

std::string withoutFinalNewline(std::string text) {
  if (!text.empty() && text.back() == '\n')
    text.pop_back();
  return text;
}

Error noMatch(const std::vector<DeviceInfo> &devices,
              const std::string &choice) {
  return Error("no OpenCL device matches '" + choice + "' (" + kDeviceVariable +
               " or the API's device choice takes an index such as 0 or "
               "platform:device such as 1:0, "
               "or part of a device, vendor or platform name, or cpu/gpu); "
               "the devices are:\n" +
               withoutFinalNewline(formatDeviceList(devices)));
}

} // namespace

bool guaranteesForwardProgress(const DeviceInfo &device) {
  bool nvidiaOrAmd = contains(device.vendor, "nvidia") ||
                     contains(device.vendor, "advanced micro devices") ||
                     contains(device.vendor, "amd");
  // PoCL's GPU drivers (pocl-cuda) promise no such thing, whatever the
  // hardware: the issue lists PoCL among the devices that must never wait.
  bool pocl = contains(device.platformName, "portable computing language") ||
              contains(device.platformVersion, "pocl");
  return device.type == "GPU" && nvidiaOrAmd && !pocl;
}

std::string DeviceInfo::describe() const {
  return "[" + std::to_string(index) + "] " + std::to_string(platformIndex) +
         ":" + std::to_string(deviceIndex) + " " + deviceName + " (" +
         platformName + ", " + type + ", " + std::to_string(computeUnits) +
         " compute units)";
}

std::vector<DeviceInfo> listDevices() {
  cl_uint platformCount = 0;
  cl_int status = clGetPlatformIDs(0, nullptr, &platformCount);
  // The ICD loader says CL_PLATFORM_NOT_FOUND_KHR (-1001) with no drivers.
  if (status == -1001 || (status == CL_SUCCESS && platformCount == 0))
    return {};
  check(status, "clGetPlatformIDs");
  std::vector<cl_platform_id> platforms(platformCount);
  check(clGetPlatformIDs(platformCount, platforms.data(), nullptr),
        "clGetPlatformIDs");
  std::vector<DeviceInfo> devices;
  for (unsigned p = 0; p < platforms.size(); ++p) {
    cl_uint deviceCount = 0;
    status = clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, 0, nullptr,
                            &deviceCount);
    if (status == CL_DEVICE_NOT_FOUND || deviceCount == 0)
      continue;
    check(status, "clGetDeviceIDs", "platform " + std::to_string(p));
    std::vector<cl_device_id> ids(deviceCount);
    check(clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, deviceCount,
                         ids.data(), nullptr),
          "clGetDeviceIDs", "platform " + std::to_string(p));
    for (unsigned d = 0; d < ids.size(); ++d) {
      DeviceInfo info = describeDevice(platforms[p], ids[d]);
      info.index = static_cast<unsigned>(devices.size());
      info.platformIndex = p;
      info.deviceIndex = d;
      devices.push_back(std::move(info));
    }
  }
  return devices;
}

std::string formatDeviceList(const std::vector<DeviceInfo> &devices) {
  if (devices.empty())
    return "  (no OpenCL device)\n";
  std::string text;
  for (const DeviceInfo &device : devices)
    text += "  " + device.describe() + "\n";
  return text;
}

DeviceInfo chooseDevice(const std::vector<DeviceInfo> &devices,
                        const std::string &rawChoice) {
  if (devices.empty())
    throw Error("no OpenCL device found: no OpenCL platform with a device "
                "is installed (an ICD in /etc/OpenCL/vendors and its "
                "driver, e.g. pocl-opencl-icd or the NVIDIA driver)");
  std::string choice = trim(rawChoice);
  if (choice.empty()) {
    for (const DeviceInfo &device : devices)
      if (device.type == "GPU")
        return device;
    return devices.front();
  }
  unsigned index = 0;
  if (parseIndex(choice, index)) {
    if (index < devices.size())
      return devices[index];
    throw noMatch(devices, choice);
  }
  size_t colon = choice.find(':');
  unsigned platformIndex = 0, deviceIndex = 0;
  if (colon != std::string::npos &&
      parseIndex(choice.substr(0, colon), platformIndex) &&
      parseIndex(choice.substr(colon + 1), deviceIndex)) {
    for (const DeviceInfo &device : devices)
      if (device.platformIndex == platformIndex &&
          device.deviceIndex == deviceIndex)
        return device;
    throw noMatch(devices, choice);
  }
  for (const DeviceInfo &device : devices)
    if (contains(device.deviceName, choice) ||
        contains(device.vendor, choice) ||
        contains(device.platformName, choice) ||
        contains(device.platformVersion, choice) ||
        lowercase(device.type) == lowercase(choice))
      return device;
  throw noMatch(devices, choice);
}

DeviceInfo selectDevice(const std::string &choice) {
  std::string effective = choice;
  if (trim(effective).empty())
    if (const char *value = std::getenv(kDeviceVariable))
      effective = value;
  return chooseDevice(listDevices(), effective);
}

std::optional<DeviceInfo> selectDeviceIfAny(const std::string &choice) {
  std::vector<DeviceInfo> devices = listDevices();
  if (devices.empty())
    return std::nullopt;
  std::string effective = choice;
  if (trim(effective).empty())
    if (const char *value = std::getenv(kDeviceVariable))
      effective = value;
  return chooseDevice(devices, effective);
}

} // namespace sluice::runtime::opencl
