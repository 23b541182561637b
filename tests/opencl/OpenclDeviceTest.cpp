//===- OpenclDeviceTest.cpp - Listing and choosing OpenCL devices ---------===//
//
// chooseDevice on made-up device lists (runs everywhere), then the real
// listing and SLUICE_OPENCL_DEVICE on this machine's devices (skipped
// without one), and the status-name table.
//
//===----------------------------------------------------------------------===//

#include "OpenclTestSupport.h"

#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/OpenclError.h"
#include "runtime/opencl/ProgramCache.h"

using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

DeviceInfo fakeDevice(unsigned index, unsigned platform, unsigned device,
                      std::string platformName, std::string name,
                      std::string vendor, std::string type) {
  DeviceInfo info;
  info.index = index;
  info.platformIndex = platform;
  info.deviceIndex = device;
  info.platformName = std::move(platformName);
  info.platformVersion = "OpenCL 3.0";
  info.deviceName = std::move(name);
  info.vendor = std::move(vendor);
  info.type = std::move(type);
  info.computeUnits = 8;
  return info;
}

/// A PoCL CPU on platform 0, an NVIDIA GPU on platform 1.
std::vector<DeviceInfo> twoPlatforms() {
  std::vector<DeviceInfo> devices = {
      fakeDevice(0, 0, 0, "Portable Computing Language",
                 "pthread-skylake-avx512", "AuthenticAMD", "CPU"),
      fakeDevice(1, 1, 0, "NVIDIA CUDA", "NVIDIA H200", "NVIDIA Corporation",
                 "GPU")};
  devices[0].platformVersion = "OpenCL 3.0 PoCL 3.1+debian";
  return devices;
}

TEST(OpenclChooseDevice, NoDeviceIsAClearError) {
  std::string message = errorOf([] { chooseDevice({}, ""); });
  EXPECT_NE(message.find("no OpenCL device found"), std::string::npos)
      << message;
}

TEST(OpenclChooseDevice, DefaultIsTheFirstGpu) {
  EXPECT_EQ(chooseDevice(twoPlatforms(), "").deviceName, "NVIDIA H200");
  EXPECT_EQ(chooseDevice({twoPlatforms()[0]}, "  ").deviceName,
            "pthread-skylake-avx512");
}

TEST(OpenclChooseDevice, ByIndexPairOrName) {
  auto devices = twoPlatforms();
  EXPECT_EQ(chooseDevice(devices, "0").index, 0u);
  EXPECT_EQ(chooseDevice(devices, "1").index, 1u);
  EXPECT_EQ(chooseDevice(devices, "1:0").index, 1u);
  EXPECT_EQ(chooseDevice(devices, "0:0").index, 0u);
  EXPECT_EQ(chooseDevice(devices, "nvidia").index, 1u);
  EXPECT_EQ(chooseDevice(devices, "H200").index, 1u);
  EXPECT_EQ(chooseDevice(devices, "portable").index, 0u);
  EXPECT_EQ(chooseDevice(devices, "pocl").index, 0u);
  EXPECT_EQ(chooseDevice(devices, "CPU").index, 0u);
  EXPECT_EQ(chooseDevice(devices, "gpu").index, 1u);
}

TEST(OpenclChooseDevice, WrongChoiceListsTheDevices) {
  auto devices = twoPlatforms();
  for (const char *wrong : {"2", "1:1", "2:0", "intel", "1:x"}) {
    std::string message = errorOf([&] { chooseDevice(devices, wrong); });
    EXPECT_NE(
        message.find(std::string("no OpenCL device matches '") + wrong + "'"),
        std::string::npos)
        << message;
    EXPECT_NE(message.find("[0] 0:0 pthread-skylake-avx512 (Portable "
                           "Computing Language, CPU, 8 compute units)"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("[1] 1:0 NVIDIA H200 (NVIDIA CUDA, GPU"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("SLUICE_OPENCL_DEVICE"), std::string::npos);
  }
}

TEST(OpenclChooseDevice, ForwardProgressOnlyOnNvidiaAndAmdGpus) {
  auto rule = [](std::string platform, std::string vendor, std::string type) {
    return guaranteesForwardProgress(fakeDevice(
        0, 0, 0, std::move(platform), "d", std::move(vendor), std::move(type)));
  };
  EXPECT_TRUE(rule("NVIDIA CUDA", "NVIDIA Corporation", "GPU"));
  EXPECT_TRUE(rule("AMD Accelerated Parallel Processing",
                   "Advanced Micro Devices, Inc.", "GPU"));
  EXPECT_FALSE(rule("Intel(R) OpenCL Graphics", "Intel(R) Corporation", "GPU"));
  EXPECT_FALSE(
      rule("Portable Computing Language", "NVIDIA Corporation", "GPU"));
  EXPECT_FALSE(rule("Portable Computing Language", "AuthenticAMD", "CPU"));
  EXPECT_FALSE(
      rule("AMD Accelerated Parallel Processing", "AuthenticAMD", "CPU"));
}

TEST(OpenclBuildOptions, PtxBf16MacroOnlyWhereTheDeviceHasIt) {
  std::string macro = std::string("-D") + kPtxBf16Macro;
  EXPECT_EQ(programBuildOptions(false).find(macro), std::string::npos);
  EXPECT_EQ(programBuildOptions(true, false).find(macro), std::string::npos);
  EXPECT_NE(programBuildOptions(true, true).find(macro), std::string::npos);
}

TEST(OpenclBuildOptions, PtxShuffleMacroOnlyWhereTheDeviceHasIt) {
  std::string macro = std::string("-D") + kPtxShuffleMacro;
  EXPECT_EQ(programBuildOptions(true, true).find(macro), std::string::npos);
  EXPECT_NE(programBuildOptions(true, false, true).find(macro),
            std::string::npos);
  DeviceInfo device;
  EXPECT_EQ(planBuildOptions(device).find(macro), std::string::npos);
  device.ptxShuffle = true;
  EXPECT_NE(planBuildOptions(device).find(macro), std::string::npos);
}

TEST(OpenclStatus, NamesEveryCode) {
  EXPECT_STREQ(statusName(-52), "CL_INVALID_KERNEL_ARGS");
  EXPECT_STREQ(statusName(-11), "CL_BUILD_PROGRAM_FAILURE");
  EXPECT_STREQ(statusName(-1001), "CL_PLATFORM_NOT_FOUND_KHR");
  EXPECT_STREQ(statusName(-9999), "unknown OpenCL status");
  std::string message = openclError(-48, "clSetKernelArg", "kernel 'k'").what();
  EXPECT_EQ(message, "OpenCL: clSetKernelArg failed with CL_INVALID_KERNEL "
                     "(-48) for kernel 'k'");
}

// Runs where the machine has no OpenCL device (ctest's
// OpenclRuntimeTests-no-device hides the ICDs): the real listing is empty,
// selectDevice says so, selectDeviceIfAny gives nothing, the others skip.
TEST(OpenclNoDevice, SelectionSaysThereIsNone) {
  if (!listDevices().empty())
    GTEST_SKIP() << "this machine has an OpenCL device";
  ScopedEnvironment environment(kDeviceVariable, nullptr);
  std::string message = errorOf([] { selectDevice(); });
  EXPECT_NE(message.find("no OpenCL device found"), std::string::npos)
      << message;
  EXPECT_FALSE(selectDeviceIfAny().has_value());
  EXPECT_EQ(formatDeviceList({}), "  (no OpenCL device)\n");
}

using OpenclDevices = OpenclTest;

TEST_F(OpenclDevices, ListsDevicesWithTheirProperties) {
  std::vector<DeviceInfo> devices = listDevices();
  ASSERT_FALSE(devices.empty());
  for (size_t i = 0; i < devices.size(); ++i) {
    const DeviceInfo &info = devices[i];
    EXPECT_EQ(info.index, i);
    EXPECT_FALSE(info.deviceName.empty());
    EXPECT_FALSE(info.platformName.empty());
    EXPECT_FALSE(info.driverVersion.empty());
    EXPECT_GT(info.computeUnits, 0u);
    EXPECT_GT(info.maxWorkGroupSize, 0u);
    EXPECT_GT(info.localMemoryBytes, 0u);
    EXPECT_GT(info.globalMemoryBytes, 0u);
    if (info.type != "GPU") {
      EXPECT_FALSE(info.forwardProgress) << info.describe();
    }
    // (Inline PTX: NVIDIA's own driver only, never PoCL's.)
    if (info.platformName.find("NVIDIA") == std::string::npos) {
      EXPECT_FALSE(info.ptxBf16) << info.describe();
      EXPECT_FALSE(info.ptxShuffle) << info.describe();
    }
    EXPECT_NE(formatDeviceList(devices).find(info.describe()),
              std::string::npos);
  }
}

TEST_F(OpenclDevices, ComputeUnitsFromTheEnvironment) {
  {
    ScopedEnvironment environment("SLUICE_OPENCL_COMPUTE_UNITS", "7");
    for (const DeviceInfo &info : listDevices())
      EXPECT_EQ(info.computeUnits, 7u) << info.describe();
  }
  {
    ScopedEnvironment environment("SLUICE_OPENCL_COMPUTE_UNITS", "seven");
    EXPECT_THROW(listDevices(), sluice::Error);
  }
}

TEST_F(OpenclDevices, EnvironmentChoosesTheDevice) {
  std::vector<DeviceInfo> devices = listDevices();
  const DeviceInfo &last = devices.back();
  {
    std::string index = std::to_string(last.index);
    ScopedEnvironment environment(kDeviceVariable, index.c_str());
    EXPECT_EQ(selectDevice().deviceName, last.deviceName);
    // The API's choice wins over the variable.
    EXPECT_EQ(selectDevice("0").deviceName, devices[0].deviceName);
  }
  {
    std::string pair = std::to_string(last.platformIndex) + ":" +
                       std::to_string(last.deviceIndex);
    ScopedEnvironment environment(kDeviceVariable, pair.c_str());
    EXPECT_EQ(selectDevice().device, last.device);
  }
  {
    // A case-changed part of the name.
    std::string part = last.deviceName.substr(0, 6);
    for (char &c : part)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    ScopedEnvironment environment(kDeviceVariable, part.c_str());
    EXPECT_NE(selectDevice().deviceName.find(last.deviceName.substr(0, 6)),
              std::string::npos);
  }
  {
    ScopedEnvironment environment(kDeviceVariable, "no-such-device-xyz");
    std::string message = errorOf([] { selectDevice(); });
    EXPECT_NE(message.find("no OpenCL device matches 'no-such-device-xyz'"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("[0] 0:0 " + devices[0].deviceName),
              std::string::npos)
        << message;
    // A wrong choice is an error even for callers that fall back to the CPU.
    EXPECT_NE(errorOf([] { selectDeviceIfAny(); }), "");
  }
}

TEST_F(OpenclDevices, PoclNeverClaimsForwardProgress) {
  for (const DeviceInfo &info : listDevices()) {
    if (info.platformVersion.find("PoCL") != std::string::npos ||
        info.platformName.find("Portable") != std::string::npos) {
      EXPECT_FALSE(info.forwardProgress) << info.describe();
    }
  }
}

} // namespace
