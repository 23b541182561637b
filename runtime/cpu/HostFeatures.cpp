//===- HostFeatures.cpp - Which instruction-set features this CPU has -----===//

#include "runtime/cpu/HostFeatures.h"

#include <cstdint>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#define SLUICE_X86_CPUID 1
#endif

namespace sluice::runtime {

namespace {
#ifdef SLUICE_X86_CPUID
/// The register state a feature's instructions use, which the operating
/// system must save (XCR0) besides the CPU having them.
enum class State { Scalar, Avx, Avx512 };

/// Where CPUID reports a feature: leaf, subleaf, register, bit.
enum class Reg { Eax, Ebx, Ecx, Edx };
struct FeatureBit {
  const char *name; ///< LLVM's spelling
  uint32_t leaf, subleaf;
  Reg reg;
  int bit;
  State state;
};

/// The features LLVM's code generator may use in the kernels' arithmetic,
/// loads and stores (Intel SDM vol. 2A "CPUID"; AMD APM vol. 3 appendix E).
constexpr FeatureBit kFeatures[] = {
    {"sse3", 1, 0, Reg::Ecx, 0, State::Scalar},
    {"pclmul", 1, 0, Reg::Ecx, 1, State::Scalar},
    {"ssse3", 1, 0, Reg::Ecx, 9, State::Scalar},
    {"fma", 1, 0, Reg::Ecx, 12, State::Avx},
    {"cx16", 1, 0, Reg::Ecx, 13, State::Scalar},
    {"sse4.1", 1, 0, Reg::Ecx, 19, State::Scalar},
    {"sse4.2", 1, 0, Reg::Ecx, 20, State::Scalar},
    {"movbe", 1, 0, Reg::Ecx, 22, State::Scalar},
    {"popcnt", 1, 0, Reg::Ecx, 23, State::Scalar},
    {"aes", 1, 0, Reg::Ecx, 25, State::Scalar},
    {"avx", 1, 0, Reg::Ecx, 28, State::Avx},
    {"f16c", 1, 0, Reg::Ecx, 29, State::Avx},
    {"bmi", 7, 0, Reg::Ebx, 3, State::Scalar},
    {"avx2", 7, 0, Reg::Ebx, 5, State::Avx},
    {"bmi2", 7, 0, Reg::Ebx, 8, State::Scalar},
    {"avx512f", 7, 0, Reg::Ebx, 16, State::Avx512},
    {"avx512dq", 7, 0, Reg::Ebx, 17, State::Avx512},
    {"adx", 7, 0, Reg::Ebx, 19, State::Scalar},
    {"avx512ifma", 7, 0, Reg::Ebx, 21, State::Avx512},
    {"avx512cd", 7, 0, Reg::Ebx, 28, State::Avx512},
    {"avx512bw", 7, 0, Reg::Ebx, 30, State::Avx512},
    {"avx512vl", 7, 0, Reg::Ebx, 31, State::Avx512},
    {"avx512vbmi", 7, 0, Reg::Ecx, 1, State::Avx512},
    {"avx512vbmi2", 7, 0, Reg::Ecx, 6, State::Avx512},
    {"gfni", 7, 0, Reg::Ecx, 8, State::Scalar},
    {"vaes", 7, 0, Reg::Ecx, 9, State::Avx},
    {"vpclmulqdq", 7, 0, Reg::Ecx, 10, State::Avx},
    {"avx512vnni", 7, 0, Reg::Ecx, 11, State::Avx512},
    {"avx512bitalg", 7, 0, Reg::Ecx, 12, State::Avx512},
    {"avx512vpopcntdq", 7, 0, Reg::Ecx, 14, State::Avx512},
    {"avx512fp16", 7, 0, Reg::Edx, 23, State::Avx512},
    {"avxvnni", 7, 1, Reg::Eax, 4, State::Avx},
    {"avx512bf16", 7, 1, Reg::Eax, 5, State::Avx512},
    {"sahf", 0x80000001, 0, Reg::Ecx, 0, State::Scalar},
    {"lzcnt", 0x80000001, 0, Reg::Ecx, 5, State::Scalar},
    {"sse4a", 0x80000001, 0, Reg::Ecx, 6, State::Scalar},
    {"prfchw", 0x80000001, 0, Reg::Ecx, 8, State::Scalar},
    {"xop", 0x80000001, 0, Reg::Ecx, 11, State::Avx},
    {"fma4", 0x80000001, 0, Reg::Ecx, 16, State::Avx},
    {"tbm", 0x80000001, 0, Reg::Ecx, 21, State::Scalar},
};

/// Register `reg` of CPUID (leaf, subleaf); zero for a leaf past the
/// CPU's highest.
uint32_t cpuidRegister(uint32_t leaf, uint32_t subleaf, Reg reg) {
  uint32_t highest = __get_cpuid_max(leaf & 0x80000000u, nullptr);
  if (highest < leaf)
    return 0;
  uint32_t r[4] = {0, 0, 0, 0};
  __cpuid_count(leaf, subleaf, r[0], r[1], r[2], r[3]);
  return r[static_cast<int>(reg)];
}

/// Whether the operating system saves the register state `state` needs
/// (OSXSAVE, then XCR0's SSE/AVX and opmask/ZMM bits).
bool stateEnabled(State state) {
  if (state == State::Scalar)
    return true;
  if (!(cpuidRegister(1, 0, Reg::Ecx) & (1u << 27)))
    return false;
  uint32_t eax = 0, edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  (void)edx;
  if ((eax & 0x6) != 0x6)
    return false;
  return state == State::Avx || (eax & 0xe0) == 0xe0;
}
#endif
} // namespace

std::optional<bool> hostHasFeature(const std::string &name) {
#ifdef SLUICE_X86_CPUID
  for (const FeatureBit &f : kFeatures)
    if (name == f.name)
      return (cpuidRegister(f.leaf, f.subleaf, f.reg) >> f.bit & 1u) &&
             stateEnabled(f.state);
#endif
  (void)name;
  return std::nullopt;
}

std::vector<std::string> missingHostFeatures(const std::string &features) {
  std::vector<std::string> missing;
  size_t start = 0;
  while (start <= features.size()) {
    size_t comma = features.find(',', start);
    if (comma == std::string::npos)
      comma = features.size();
    std::string entry = features.substr(start, comma - start);
    if (entry.size() > 1 && entry[0] == '+') {
      std::string name = entry.substr(1);
      if (std::optional<bool> has = hostHasFeature(name); has && !*has)
        missing.push_back(name);
    }
    start = comma + 1;
  }
  return missing;
}

} // namespace sluice::runtime
