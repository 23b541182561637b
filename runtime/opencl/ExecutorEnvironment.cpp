//===- ExecutorEnvironment.cpp - The plan executor's environment knobs ----===//

#include "runtime/opencl/ExecutorEnvironment.h"

#include "runtime/opencl/OpenclError.h"

#include <cstdlib>
#include <string>

namespace sluice::runtime::opencl {

LookbackMode lookbackFromEnvironment() {
  const char *value = std::getenv("SLUICE_OPENCL_LOOKBACK");
  if (!value || !*value)
    return LookbackMode::Auto;
  LookbackMode mode;
  if (!parseLookbackMode(value, mode))
    throw Error("OpenCL: SLUICE_OPENCL_LOOKBACK='" + std::string(value) +
                "' is not 'onepass', 'three-pass', 'onepass-tile', "
                "'onepass-words', 'walk', 'walk-pairs' or 'onepass-rows'");
  return mode;
}

int64_t chunkFromEnvironment() {
  const char *value = std::getenv("SLUICE_OPENCL_LOOKBACK_CHUNK");
  if (!value || !*value)
    return 0;
  char *end = nullptr;
  long long chunk = std::strtoll(value, &end, 10);
  if (*end != '\0' || chunk <= 0 || chunk > (1 << 30))
    throw Error("OpenCL: SLUICE_OPENCL_LOOKBACK_CHUNK='" + std::string(value) +
                "' is not a chunk (an integer from 1 to 2^30)");
  return chunk;
}

int64_t sizeFromEnvironment(const char *name) {
  const char *value = std::getenv(name);
  if (!value || !*value)
    return 0;
  char *end = nullptr;
  long long parsed = std::strtoll(value, &end, 10);
  if (*end != '\0' || parsed < 0 || parsed > (1LL << 30))
    throw Error(std::string("OpenCL: ") + name + "='" + value +
                "' is not an integer from 0 to 2^30");
  return parsed;
}

std::optional<ItemOrder> itemOrderFromEnvironment() {
  const char *value = std::getenv("SLUICE_OPENCL_ROWS_ORDER");
  if (!value || !*value)
    return std::nullopt;
  ItemOrder order;
  if (!parseItemOrder(value, order))
    throw Error("OpenCL: SLUICE_OPENCL_ROWS_ORDER='" + std::string(value) +
                "' is not 'items', 'blocks' or 'rows'");
  return order;
}

int64_t carryFanoutFromEnvironment() {
  return sizeFromEnvironment("SLUICE_OPENCL_CARRY_FANOUT");
}

} // namespace sluice::runtime::opencl
