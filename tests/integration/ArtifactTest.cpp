//===- ArtifactTest.cpp - Artifacts: manifest round trip, loadArtifact ----===//
//
// Every example's plan survives the manifest (written, read, written again:
// the same text, the same listing); artifacts load through the public API
// (sluice::loadArtifact) and give the JIT's numbers, two at once (kernels of
// the same names in one process), from several threads, into caller memory;
// truncated and altered manifests are errors, never crashes or other plans.
//
//===----------------------------------------------------------------------===//

#include "IntegrationSupport.h"
#include "driver/CompileCommand.h"
#include "runtime/Artifact.h"
#include "runtime/Json.h"
#include "runtime/PlanJson.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace sluice;

namespace {

/// This process's directory of artifacts, removed at exit.
struct ScratchRoot {
  fs::path path = fs::temp_directory_path() /
                  ("sluice-artifact-test-" + std::to_string(::getpid()));
  ~ScratchRoot() {
    std::error_code error;
    fs::remove_all(path, error);
  }
};

/// A fresh directory under the test's temporary directory.
fs::path scratch(const std::string &name) {
  static ScratchRoot root;
  fs::path dir = root.path / name;
  fs::remove_all(dir);
  fs::create_directories(dir.parent_path());
  return dir;
}

std::string examplePath(const std::string &name) {
  return std::string(SLUICE_EXAMPLES_DIR) + "/" + name + ".sl";
}

/// Compiles examples/NAME.sl into an artifact; returns its directory.
fs::path compileExample(const std::string &name,
                        const std::string &scanStrategy = "") {
  fs::path dir = scratch(name + scanStrategy + ".artifact");
  driver::CompileCommandOptions options;
  options.compile.file = examplePath(name);
  options.outputDir = dir.string();
  if (!scanStrategy.empty())
    options.compile.schedule.strategy = parseScanStrategy(scanStrategy);
  EXPECT_EQ(driver::compileArtifact(options), 0) << name;
  return dir;
}

std::string readText(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void writeText(const fs::path &path, const std::string &text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

/// The largest |a - b| (infinite where only one is NaN).
double maxDifference(const Tensor &a, const Tensor &b) {
  EXPECT_EQ(a.shape(), b.shape());
  double worst = 0;
  for (int64_t i = 0; i < a.numElements(); ++i) {
    double x = a.getDouble(i), y = b.getDouble(i);
    if (x == y || (std::isnan(x) && std::isnan(y)))
      continue; // also equal infinities, NaN where the JIT has NaN
    worst = std::max(worst, std::isnan(x - y) ? INFINITY : std::fabs(x - y));
  }
  return worst;
}

} // namespace

// Every example: the plan read back from the manifest is the plan written
// (same manifest text, same listing), and the artifact runs like the JIT.
TEST(Artifact, EveryExampleRoundTripsAndMatchesTheJit) {
  int examples = 0;
  for (const auto &entry : fs::directory_iterator(SLUICE_EXAMPLES_DIR)) {
    if (entry.path().extension() != ".sl")
      continue;
    std::string name = entry.path().stem().string();
    SCOPED_TRACE(name);
    fs::path dir = compileExample(name);
    runtime::Manifest manifest = runtime::readManifest(dir.string());
    std::string planText = runtime::planToJson(manifest.plan);
    runtime::Plan again =
        runtime::planFromJson(runtime::json::parse(planText));
    EXPECT_EQ(runtime::planToJson(again), planText);
    EXPECT_EQ(again.str(), manifest.plan.str());

    auto artifact = loadArtifact(dir.string());
    auto jit = compileFile(entry.path().string());
    EXPECT_EQ(artifact->name(), jit->name());
    EXPECT_EQ(artifact->inputNames(), jit->inputNames());
    EXPECT_EQ(artifact->paramNames(), jit->paramNames());
    EXPECT_EQ(artifact->outputNames(), jit->outputNames());
    itest::Dims dims;
    for (const std::string &arg : jit->inputNames())
      for (const std::string &d : jit->argumentDims(arg))
        dims[d] = 7;
    for (const std::string &arg : jit->paramNames())
      for (const std::string &d : jit->argumentDims(arg))
        dims[d] = 7;
    auto args = itest::drawArguments(*jit, dims, {}, 11);
    auto want = jit->run(args);
    auto got = artifact->run(args);
    for (const auto &[output, tensor] : want)
      EXPECT_LE(maxDifference(got.at(output), tensor), 1e-6) << output;
    ++examples;
  }
  EXPECT_GE(examples, 10);
}

// Two artifacts whose kernels have the same symbols (sl_elementwise_0, ...)
// live in one process, each running its own code; calls from several
// threads at once agree; runInto writes into the caller's memory.
TEST(Artifact, TwoArtifactsThreadsAndRunInto) {
  fs::path emaDir = compileExample("ema");
  fs::path reverseDir = compileExample("reverse_ema");
  auto ema = loadArtifact(emaDir.string());
  auto reverse = loadArtifact(reverseDir.string());
  auto emaJit = compileFile(examplePath("ema"));
  auto reverseJit = compileFile(examplePath("reverse_ema"));
  itest::Dims dims{{"B", 2}, {"T", 5000}, {"D", 3}};
  auto args = itest::drawArguments(*emaJit, dims, {}, 3);
  auto emaWant = emaJit->run(args).at("m");
  auto reverseWant = reverseJit->run(args);
  std::vector<std::thread> threads;
  std::vector<double> errors(8, -1);
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      double e = t % 2 ? maxDifference(ema->run(args).at("m"), emaWant)
                       : maxDifference(reverse->run(args).begin()->second,
                                       reverseWant.begin()->second);
      errors[t] = e;
    });
  for (std::thread &t : threads)
    t.join();
  for (double e : errors)
    EXPECT_LE(e, 1e-6);

  std::vector<float> memory(2 * 5000 * 3, -1.0f);
  std::map<std::string, Tensor> outputs{
      {"m", Tensor::borrow(memory.data(), DType::F32, {2, 5000, 3})}};
  ema->runInto(args, outputs);
  EXPECT_EQ(outputs.at("m").data(), static_cast<void *>(memory.data()));
  EXPECT_LE(maxDifference(outputs.at("m"), emaWant), 1e-6);
  EXPECT_GT(ema->trafficBytes(args), 0);
}

// The API's errors are sluice::Error with the runtime's messages.
TEST(Artifact, LoadErrorsAreSluiceErrors) {
  fs::path dir = compileExample("ema");
  EXPECT_THROW(loadArtifact((dir / "missing").string()), Error);
  auto model = loadArtifact(dir.string());
  try {
    model->setParam("nope", Tensor(DType::F32, {3}));
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_NE(std::string(e.what()).find("has no input or param 'nope'"),
              std::string::npos);
  }
  try {
    model->run({{"x", Tensor(DType::F32, {1, 2, 3})}});
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_NE(std::string(e.what()).find("no value for param 'alpha'"),
              std::string::npos)
        << e.what();
  }
}

// Every truncation of a manifest inside its JSON text, and every
// single-byte change of a stretch of its steps, is an ArtifactError (never
// a crash, never another exception), unless the change leaves the plan as it was (`: 0` becoming
// `:-0`): a plan that still validates fails its checksum.
TEST(Artifact, CorruptManifestsAreErrors) {
  fs::path dir = compileExample("hawk_rglru");
  std::string text = readText(dir / runtime::kManifestFile);
  std::string planText =
      runtime::planToJson(runtime::readManifest(dir.string()).plan);
  fs::path corrupt = scratch("corrupt");
  fs::create_directories(corrupt);
  fs::copy_file(dir / runtime::kCpuKernelsFile,
                corrupt / runtime::kCpuKernelsFile);
  /// Loads `manifest`; the plan text when it loaded, "" when it was an error.
  auto attempt = [&](const std::string &manifest) -> std::string {
    writeText(corrupt / runtime::kManifestFile, manifest);
    try {
      return runtime::planToJson(runtime::loadArtifact(corrupt.string())->plan);
    } catch (const runtime::ArtifactError &) {
      return "";
    }
  };
  // (Truncations inside the JSON text: cutting only the trailing newline
  // leaves the manifest whole, and where the 29-byte stride lands depends
  // on the manifest's length, which the paths in it change.)
  size_t end = text.find_last_not_of(" \n\r\t") + 1;
  for (size_t n = 0; n < end; n += 29)
    EXPECT_EQ(attempt(text.substr(0, n)), "") << "truncated to " << n;
  EXPECT_EQ(attempt(text.substr(0, end - 1)), "") << "truncated to " << end - 1;
  const char replacements[] = {'9', '-', '"', '}', ']', 'x'};
  size_t start = text.find("\"steps\"");
  ASSERT_NE(start, std::string::npos);
  for (size_t i = start; i < text.size() && i < start + 600; ++i)
    for (char c : replacements) {
      if (text[i] == c)
        continue;
      std::string changed = text;
      changed[i] = c;
      std::string loaded = attempt(changed);
      EXPECT_TRUE(loaded.empty() || loaded == planText)
          << "byte " << i << " changed to '" << c << "' loaded another plan";
    }
}
