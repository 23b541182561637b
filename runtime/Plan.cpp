//===- Plan.cpp - What the compiler hands the runtime ---------------------===//

#include "runtime/Plan.h"

#include <algorithm>
#include <sstream>

namespace sluice::runtime {

SizeExpr SizeExpr::operator*(const SizeExpr &other) const {
  SizeExpr r{constant * other.constant, dims, divisor * other.divisor,
             divisorDims};
  r.dims.insert(r.dims.end(), other.dims.begin(), other.dims.end());
  r.divisorDims.insert(r.divisorDims.end(), other.divisorDims.begin(),
                       other.divisorDims.end());
  return r;
}

int64_t SizeExpr::evaluate(const std::vector<int64_t> &dimValues) const {
  int64_t v = constant;
  for (int32_t d : dims)
    if (__builtin_mul_overflow(v, dimValues.at(d), &v))
      throw SizeOverflow("a size of the model overflows int64");
  int64_t by = divisor;
  for (int32_t d : divisorDims) {
    int64_t value = dimValues.at(d);
    if (value <= 0)
      throw Error("a size of the model is divided by a schedule parameter "
                  "bound to " + std::to_string(value));
    if (__builtin_mul_overflow(by, value, &by))
      by = INT64_MAX; // larger than any v: the quotient rounds up to 0 or 1
  }
  if (by == 1)
    return v;
  // ceil(v / by) without forming v + by - 1.
  return v / by + (v % by > 0 ? 1 : 0);
}

namespace {
void collectScheduleDims(const std::vector<Step> &steps,
                         std::vector<int32_t> &dims) {
  for (const Step &s : steps) {
    if (s.kind == Step::Kind::Lookback && s.chunkDim >= 0)
      dims.push_back(s.chunkDim);
    collectScheduleDims(s.body, dims);
  }
}
} // namespace

std::vector<int32_t> scheduleDims(const Plan &plan) {
  std::vector<int32_t> dims;
  collectScheduleDims(plan.steps, dims);
  std::sort(dims.begin(), dims.end());
  dims.erase(std::unique(dims.begin(), dims.end()), dims.end());
  return dims;
}

std::vector<std::string> modelDimNames(const Plan &plan) {
  std::vector<int32_t> schedule = scheduleDims(plan);
  std::vector<std::string> names;
  for (size_t d = 0; d < plan.dimNames.size(); ++d)
    if (!std::binary_search(schedule.begin(), schedule.end(),
                            static_cast<int32_t>(d)))
      names.push_back(plan.dimNames[d]);
  return names;
}

std::string describeBuffer(const Plan &plan, const BufferSpec &spec) {
  if (spec.kind == BufferSpec::Kind::Result && spec.index >= 0 &&
      static_cast<size_t>(spec.index) < plan.results.size())
    return "output '" + plan.results[spec.index].name + "' of model '" +
           plan.model + "'";
  return "buffer '" + spec.name + "' of model '" + plan.model + "'";
}

SizeExpr productOf(const std::vector<SizeExpr> &shape) {
  SizeExpr r = SizeExpr::literal(1);
  for (const SizeExpr &s : shape)
    r = r * s;
  return r;
}

std::string sizeToString(const SizeExpr &s,
                         const std::vector<std::string> &names) {
  std::string out;
  if (s.constant != 1 || s.dims.empty())
    out = std::to_string(s.constant);
  for (int32_t d : s.dims) {
    if (!out.empty())
      out += "*";
    out += d < static_cast<int32_t>(names.size()) ? names[d]
                                                  : "t" + std::to_string(d);
  }
  std::string by = s.divisor != 1 || s.divisorDims.empty()
                       ? std::to_string(s.divisor)
                       : "";
  for (int32_t d : s.divisorDims)
    by += (by.empty() ? "" : "*") +
          (d < static_cast<int32_t>(names.size()) ? names[d]
                                                  : "t" + std::to_string(d));
  if (by != "1")
    out = "ceil(" + out + "/" + by + ")";
  return out;
}

namespace {
std::string sizeStr(const SizeExpr &s, const std::vector<std::string> &names) {
  return sizeToString(s, names);
}

/// " when MIN <= GUARD < MAX" (bounds per thread print as "N*threads"),
/// then the guard on the steps: " and STEPS >= N" or " or STEPS < N", then
/// the one on the row width: "; and MIN <= WIDTH < MAX".
void printGuard(std::ostringstream &os, const Step &s, const Plan &plan) {
  bool channels = s.guardMin > 0 || s.guardMax != INT64_MAX;
  bool width = s.widthMin > 0 || s.widthMax != INT64_MAX;
  if (!channels && s.minSteps <= 0 && !width)
    return;
  std::string perThread = s.guardPerThread ? "*threads" : "";
  os << " when ";
  if (channels) {
    if (s.guardMin > 0)
      os << s.guardMin << perThread << " <= ";
    os << sizeStr(s.guard, plan.dimNames);
    if (s.guardMax != INT64_MAX)
      os << " < " << s.guardMax << perThread;
  }
  if (s.minSteps > 0)
    os << (channels ? (s.runsOnFewSteps ? " or " : " and ") : "")
       << sizeStr(s.stepGuard, plan.dimNames)
       << (s.runsOnFewSteps ? " < " : " >= ") << s.minSteps;
  if (width) {
    os << (channels || s.minSteps > 0 ? "; and " : "");
    if (s.widthMin > 0)
      os << s.widthMin << " <= ";
    os << sizeStr(s.widthGuard, plan.dimNames);
    if (s.widthMax != INT64_MAX)
      os << " < " << s.widthMax;
  }
}

void printSteps(std::ostringstream &os, const std::vector<Step> &steps,
                const Plan &plan, const std::string &indent) {
  for (const Step &s : steps) {
    os << indent;
    switch (s.kind) {
    case Step::Kind::Kernel:
      os << "kernel " << s.name << " items " << sizeStr(s.range, plan.dimNames);
      if (s.groupLanes.constant != 0)
        os << " in groups of " << sizeStr(s.groupLanes, plan.dimNames);
      if (s.rowItems.constant != 0)
        os << " in rows of " << sizeStr(s.rowItems, plan.dimNames);
      printGuard(os, s, plan);
      break;
    case Step::Kind::Matmul:
      os << "matmul batch " << sizeStr(s.batch, plan.dimNames) << " rows "
         << sizeStr(s.rows, plan.dimNames) << " k "
         << sizeStr(s.contraction, plan.dimNames) << " n "
         << sizeStr(s.columns, plan.dimNames);
      break;
    case Step::Kind::Loop:
      os << "loop " << sizeStr(s.range, plan.dimNames) << " steps"
         << (s.reverse ? " reverse" : "") << " counter " << s.counter;
      break;
    case Step::Kind::Lookback:
      os << "lookback " << sizeStr(s.range, plan.dimNames) << " blocks of "
         << sizeStr(s.blockItems, plan.dimNames) << " items";
      if (s.chunkDim >= 0 &&
          s.chunkDim < static_cast<int32_t>(plan.dimNames.size()))
        os << " chunk " << plan.dimNames[s.chunkDim];
      printGuard(os, s, plan);
      break;
    }
    os << " buffers (";
    for (size_t i = 0; i < s.buffers.size(); ++i)
      os << (i ? ", " : "") << "%" << s.buffers[i];
    os << ")\n";
    printSteps(os, s.body, plan, indent + "  ");
  }
}
} // namespace

std::string Plan::str() const {
  std::ostringstream os;
  os << "plan @" << model << " dims (";
  for (size_t i = 0; i < dimNames.size(); ++i)
    os << (i ? ", " : "") << dimNames[i];
  os << ")\n";
  for (size_t i = 0; i < buffers.size(); ++i) {
    const BufferSpec &b = buffers[i];
    const char *kind = b.kind == BufferSpec::Kind::Argument ? "argument"
                       : b.kind == BufferSpec::Kind::Result ? "result"
                                                            : "temporary";
    os << "  %" << i << " = " << kind;
    if (b.index >= 0)
      os << " " << b.index;
    os << " " << dtypeName(b.dtype) << "[";
    for (size_t d = 0; d < b.shape.size(); ++d)
      os << (d ? ", " : "") << sizeStr(b.shape[d], dimNames);
    os << "]  // " << b.name << "\n";
  }
  printSteps(os, steps, *this, "  ");
  return os.str();
}

} // namespace sluice::runtime
