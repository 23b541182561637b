//===- HostFeaturesTest.cpp - CPUID against the compiler's own check ------===//

#include "runtime/cpu/HostFeatures.h"

#include <gtest/gtest.h>

namespace sluice::runtime {
namespace {

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// The features GCC's and clang's __builtin_cpu_supports also know: both
// answers agree (theirs include the operating system's XCR0 check too).
TEST(HostFeatures, AgreeWithTheCompilersCheck) {
  __builtin_cpu_init();
#define SLUICE_EXPECT_SAME(name)                                               \
  EXPECT_EQ(hostHasFeature(name), bool(__builtin_cpu_supports(name))) << name;
  SLUICE_EXPECT_SAME("sse4.2")
  SLUICE_EXPECT_SAME("popcnt")
  SLUICE_EXPECT_SAME("avx")
  SLUICE_EXPECT_SAME("avx2")
  SLUICE_EXPECT_SAME("fma")
  SLUICE_EXPECT_SAME("bmi")
  SLUICE_EXPECT_SAME("bmi2")
  SLUICE_EXPECT_SAME("avx512f")
  SLUICE_EXPECT_SAME("avx512bw")
  SLUICE_EXPECT_SAME("avx512dq")
  SLUICE_EXPECT_SAME("avx512vl")
  SLUICE_EXPECT_SAME("avx512cd")
  SLUICE_EXPECT_SAME("avx512vbmi")
  SLUICE_EXPECT_SAME("avx512vbmi2")
  SLUICE_EXPECT_SAME("avx512vnni")
  SLUICE_EXPECT_SAME("avx512bitalg")
  SLUICE_EXPECT_SAME("avx512vpopcntdq")
  SLUICE_EXPECT_SAME("avx512bf16")
  SLUICE_EXPECT_SAME("gfni")
  SLUICE_EXPECT_SAME("vpclmulqdq")
  SLUICE_EXPECT_SAME("fma4")
  SLUICE_EXPECT_SAME("xop")
#undef SLUICE_EXPECT_SAME
}

// No x86-64 CPU made since 2017 has XOP or FMA4 (AMD family 15h only).
TEST(HostFeatures, MissingListsOnlyEnabledCheckedAbsentFeatures) {
  EXPECT_EQ(missingHostFeatures("+xop,+fma4"),
            (std::vector<std::string>{"xop", "fma4"}));
  EXPECT_TRUE(missingHostFeatures("-xop,-fma4").empty());
  // Names this does not check (system features, unknown ones) pass.
  EXPECT_TRUE(missingHostFeatures("+xsaves,+shstk,+bogus,,+,-").empty());
  EXPECT_EQ(hostHasFeature("bogus"), std::nullopt);
  // The features of the machine running the test are all present.
  std::string present;
  for (const char *name : {"sse3", "ssse3", "sse4.1", "sse4.2", "popcnt",
                           "avx", "avx2", "fma", "avx512f", "avx512bw",
                           "lzcnt", "f16c", "avx512fp16", "avx512bf16"})
    if (hostHasFeature(name).value_or(false))
      present += std::string(present.empty() ? "+" : ",+") + name;
  EXPECT_TRUE(missingHostFeatures(present).empty()) << present;
}
#endif

} // namespace
} // namespace sluice::runtime
