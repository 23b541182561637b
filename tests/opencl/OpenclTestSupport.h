//===- OpenclTestSupport.h - Shared helpers of the OpenCL tests -*- C++ -*-===//
//
// The device the tests run on (the first one, or SLUICE_OPENCL_DEVICE's;
// tests GTEST_SKIP when the machine has none), a fresh cache directory per
// test, and the message of a thrown sluice::Error.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_TESTS_OPENCL_OPENCLTESTSUPPORT_H
#define SLUICE_TESTS_OPENCL_OPENCLTESTSUPPORT_H

#include "runtime/opencl/Context.h"
#include "tests/ScopedEnvironment.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <unistd.h>

namespace sluice::runtime::opencl::testing {

/// The message of the sluice::Error that `body` throws ("" if none).
template <typename Body> std::string errorOf(Body &&body) {
  try {
    body();
  } catch (const Error &error) {
    return error.what();
  }
  return "";
}

using sluice::testing::ScopedEnvironment;

/// Whether SLUICE_REQUIRE_OPENCL=1 (scripts/test.sh, which installs PoCL):
/// a test that finds no OpenCL device then fails instead of skipping.
inline bool openclDeviceRequired() {
  const char *flag = std::getenv("SLUICE_REQUIRE_OPENCL");
  return flag && std::string(flag) == "1";
}

/// A fixture with the test device and an empty cache directory, removed
/// afterwards. Tests skip when the machine has no OpenCL device (fail with
/// openclDeviceRequired).
class OpenclTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::optional<DeviceInfo> found = selectDeviceIfAny();
    if (!found && openclDeviceRequired())
      GTEST_FAIL() << "SLUICE_REQUIRE_OPENCL=1 but no OpenCL device:\n"
                   << formatDeviceList(listDevices());
    if (!found)
      GTEST_SKIP() << "no OpenCL device on this machine:\n"
                   << formatDeviceList(listDevices());
    device = *found;
    static std::atomic<int> counter{0};
    cacheDirectory = ::testing::TempDir() + "/sluice-opencl-test-" +
                     std::to_string(::getpid()) + "-" +
                     std::to_string(counter++);
    std::filesystem::remove_all(cacheDirectory);
  }
  void TearDown() override {
    if (!cacheDirectory.empty())
      std::filesystem::remove_all(cacheDirectory);
  }
  /// A context on the test device caching in this test's directory.
  std::unique_ptr<Context> makeContext() {
    ContextOptions options;
    options.cacheDirectory = cacheDirectory;
    return std::make_unique<Context>(device, options);
  }

  DeviceInfo device;
  std::string cacheDirectory;
};

} // namespace sluice::runtime::opencl::testing

#endif // SLUICE_TESTS_OPENCL_OPENCLTESTSUPPORT_H
