//===- IndexWidth.cpp - 32- or 64-bit index arithmetic for a call ---------===//

#include "runtime/opencl/IndexWidth.h"
#include "runtime/opencl/Context.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/OpenclError.h"
#include "runtime/opencl/Program.h"
#include "runtime/opencl/ProgramCache.h"

namespace sluice::runtime::opencl {

bool fitsNarrowIndex(const Plan &plan, const std::vector<int64_t> &dims,
                     int64_t limit) {
  for (int64_t d : dims)
    if (d < 0 || d >= limit)
      return false;
  for (const BufferSpec &spec : plan.buffers) {
    int64_t elements = 1;
    for (const SizeExpr &size : spec.shape) {
      int64_t n = size.evaluate(dims);
      if (n <= 0)
        break; // an empty buffer
      if (n >= limit || elements > (limit - 1) / n) // elements * n >= limit
        return false;
      elements *= n;
    }
  }
  return true;
}

std::string withoutNarrowIndex(const std::string &options) {
  std::string flag = std::string("-D") + kIndex32Macro;
  std::string out;
  size_t at = 0;
  while (at < options.size()) {
    size_t end = options.find(' ', at);
    if (end == std::string::npos)
      end = options.size();
    std::string word = options.substr(at, end - at);
    if (!word.empty() && word != flag && word.rfind(flag + "=", 0) != 0)
      out += (out.empty() ? "" : " ") + word;
    at = end + 1;
  }
  return out;
}

std::shared_ptr<const Program>
programForCall(Context &context, const std::shared_ptr<const Program> &program,
               const Plan &plan, const std::vector<int64_t> &dims,
               int64_t limit) {
  if (!program || !program->narrowIndex() || fitsNarrowIndex(plan, dims, limit))
    return program;
  if (program->source().empty())
    throw Error("OpenCL: program '" + program->name() +
                "' was built with 32-bit indices and this call of model '" +
                plan.model + "' has a dim or buffer of " + std::to_string(limit) +
                " elements or more; "
                "its source is not known, so it cannot be rebuilt with 64-bit "
                "ones");
  return context.programs().build(program->name(), program->source(),
                                  withoutNarrowIndex(program->options()));
}

} // namespace sluice::runtime::opencl
