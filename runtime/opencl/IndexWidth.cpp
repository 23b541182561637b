//===- IndexWidth.cpp - 32- or 64-bit index arithmetic for a call ---------===//

#include "runtime/opencl/IndexWidth.h"
#include "runtime/opencl/Context.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/OpenclError.h"
#include "runtime/opencl/Program.h"
#include "runtime/opencl/ProgramCache.h"

#include <sstream>

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

namespace {

/// The options split at whitespace, `-D NAME` joined into `-DNAME`.
std::vector<std::string> optionWords(const std::string &options) {
  std::vector<std::string> words;
  std::istringstream in(options);
  std::string word;
  while (in >> word) {
    if (!words.empty() && words.back() == "-D")
      words.back() += word;
    else
      words.push_back(word);
  }
  return words;
}

/// Whether `word` (from optionWords) defines kIndex32Macro.
bool isNarrowIndexDefinition(const std::string &word) {
  std::string flag = std::string("-D") + kIndex32Macro;
  return word == flag || word.rfind(flag + "=", 0) == 0;
}

} // namespace

bool definesNarrowIndex(const std::string &options) {
  for (const std::string &word : optionWords(options))
    if (isNarrowIndexDefinition(word))
      return true;
  return false;
}

std::string withoutNarrowIndex(const std::string &options) {
  std::string out;
  for (const std::string &word : optionWords(options))
    if (!isNarrowIndexDefinition(word))
      out += (out.empty() ? "" : " ") + word;
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
