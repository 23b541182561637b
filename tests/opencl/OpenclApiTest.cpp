//===- OpenclApiTest.cpp - The public API on the OpenCL target ------------===//
//
// sluice.h's OpenCL paths as an application uses them: compileFile with
// Target::OpenCL, loadArtifact of an OpenCL artifact, the device chosen
// through CompileOptions / LoadOptions::openclDevice (a choice that names no
// device is an Error listing the devices), and CompileOptions::cpuFallback.
// Every result against Target::Reference. Run twice by ctest: on the
// machine's device (PoCL in CI), and with the ICD loader shown no vendors
// (OpenclApiTests-no-device), where Target::OpenCL is an Error unless
// cpuFallback, which runs the model on the CPU.
//
//===----------------------------------------------------------------------===//

#include "sluice/sluice.h"

#include "OpenclTestSupport.h"

#include "driver/CompileCommand.h"
#include "runtime/opencl/Device.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace sluice;
using sluice::runtime::opencl::testing::errorOf;
using sluice::runtime::opencl::testing::openclDeviceRequired;

namespace {

std::string emaPath() {
  return std::string(SLUICE_SOURCE_DIR) + "/examples/ema.sl";
}

/// Whether the ICD loader shows this process an OpenCL device; none is a
/// failure with SLUICE_REQUIRE_OPENCL=1 (scripts/test.sh; the no-device
/// run sets it to 0).
bool haveDevice() {
  bool found = runtime::opencl::selectDeviceIfAny().has_value();
  if (!found && openclDeviceRequired())
    ADD_FAILURE() << "SLUICE_REQUIRE_OPENCL=1 but no OpenCL device";
  return found;
}

/// ema's inputs at (B, T, D) = (2, 300, 5): x in [-1, 1], alpha in (0, 1).
std::map<std::string, Tensor> emaInputs() {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  Tensor x(DType::F32, {2, 300, 5}), alpha(DType::F32, {5});
  for (int64_t i = 0; i < x.numElements(); ++i)
    x.setDouble(i, uniform(random));
  for (int64_t i = 0; i < alpha.numElements(); ++i)
    alpha.setDouble(i, 0.5 + 0.45 * uniform(random));
  return {{"x", x}, {"alpha", alpha}};
}

/// ema's output from `model` against the float64 reference's.
void expectReference(Model &model, const std::string &what) {
  CompileOptions reference;
  reference.target = Target::Reference;
  Tensor want = compileFile(emaPath(), reference)->run(emaInputs()).at("m");
  Tensor got = model.run(emaInputs()).at("m");
  ASSERT_EQ(got.shape(), want.shape()) << what;
  double worst = 0;
  for (int64_t i = 0; i < want.numElements(); ++i)
    worst = std::max(worst, std::fabs(got.getDouble(i) - want.getDouble(i)));
  EXPECT_LT(worst, 1e-5) << what;
}

/// ema compiled into an OpenCL artifact (needs no device); its directory.
fs::path openclArtifact() {
  fs::path dir = fs::temp_directory_path() /
                 ("sluice-opencl-api-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  driver::CompileCommandOptions options;
  options.compile.file = emaPath();
  options.target = "opencl";
  options.outputDir = dir.string();
  EXPECT_EQ(driver::compileArtifact(options), 0);
  return dir;
}

TEST(OpenclApi, TargetOpenclMatchesTheReference) {
  if (!haveDevice())
    GTEST_SKIP() << "no OpenCL device";
  CompileOptions options;
  options.target = Target::OpenCL;
  expectReference(*compileFile(emaPath(), options), "Target::OpenCL");
}

// runInto on the device writes the result into the caller's memory (the
// returned tensor is that memory) and refuses a tensor of the wrong shape.
TEST(OpenclApi, RunIntoWritesTheCallersMemory) {
  if (!haveDevice())
    GTEST_SKIP() << "no OpenCL device";
  CompileOptions options;
  options.target = Target::OpenCL;
  auto model = compileFile(emaPath(), options);
  Tensor want = model->run(emaInputs()).at("m");
  std::vector<float> memory(2 * 300 * 5, -1.0f);
  std::map<std::string, Tensor> outputs{
      {"m", Tensor::borrow(memory.data(), DType::F32, {2, 300, 5})}};
  model->runInto(emaInputs(), outputs);
  EXPECT_EQ(outputs.at("m").data(), static_cast<void *>(memory.data()));
  for (int64_t i = 0; i < want.numElements(); ++i)
    ASSERT_EQ(memory[static_cast<size_t>(i)], want.getDouble(i)) << i;
  std::map<std::string, Tensor> wrong{{"m", Tensor(DType::F32, {2, 300, 4})}};
  EXPECT_NE(errorOf([&] {
              model->runInto(emaInputs(), wrong);
            }).find("the tensor given for output 'm'"),
            std::string::npos);
}

TEST(OpenclApi, OpenclArtifactLoadsThroughTheApi) {
  fs::path dir = openclArtifact();
  if (!haveDevice()) {
    EXPECT_NE(
        errorOf([&] { loadArtifact(dir.string()); }).find("no OpenCL device"),
        std::string::npos);
  } else {
    expectReference(*loadArtifact(dir.string()), "loadArtifact (OpenCL)");
    LoadOptions first;
    first.openclDevice = "0";
    expectReference(*loadArtifact(dir.string(), first),
                    "loadArtifact on device 0");
    LoadOptions none;
    none.openclDevice = "no-such-device-anywhere";
    std::string error = errorOf([&] { loadArtifact(dir.string(), none); });
    EXPECT_NE(error.find("no-such-device-anywhere"), std::string::npos)
        << error;
    EXPECT_NE(error.find("[0]"), std::string::npos) << error;
  }
  fs::remove_all(dir);
}

TEST(OpenclApi, DeviceChoiceThroughCompileOptions) {
  if (!haveDevice())
    GTEST_SKIP() << "no OpenCL device";
  CompileOptions options;
  options.target = Target::OpenCL;
  options.openclDevice = "0";
  expectReference(*compileFile(emaPath(), options), "openclDevice = 0");
  options.openclDevice = "no-such-device-anywhere";
  std::string error = errorOf([&] { compileFile(emaPath(), options); });
  EXPECT_NE(error.find("no-such-device-anywhere"), std::string::npos) << error;
  EXPECT_NE(error.find("[0]"), std::string::npos) << error;
}

TEST(OpenclApi, CpuFallbackOnlyWithoutADevice) {
  CompileOptions options;
  options.target = Target::OpenCL;
  options.cpuFallback = true;
  // With a device the model runs there; without, on the CPU: the same
  // numbers either way.
  expectReference(*compileFile(emaPath(), options), "cpuFallback");
  if (haveDevice())
    return;
  options.cpuFallback = false;
  std::string error = errorOf([&] { compileFile(emaPath(), options); });
  EXPECT_NE(error.find("no OpenCL device"), std::string::npos) << error;
  // With no device at all, a device choice does not stop the fallback (with
  // devices, one that names none of them is an error: the test above).
  options.cpuFallback = true;
  options.openclDevice = "no-such-device-anywhere";
  expectReference(*compileFile(emaPath(), options), "cpuFallback, a choice");
}

} // namespace
