//===- PlanJson.cpp - A plan to and from JSON -----------------------------===//

#include "runtime/PlanJson.h"

#include <sstream>

namespace sluice::runtime {

// Every field of the plan's structs is written and read here: a field added
// to one of them and not serialized would make artifacts run without it.
// These sizes (x86-64, libstdc++) stop the build until this file handles the
// new field (and runtime::kArtifactVersion is bumped if old manifests no
// longer describe a plan); then update the numbers.
#if defined(__x86_64__) && defined(__GLIBCXX__) && !defined(_GLIBCXX_DEBUG)
static_assert(sizeof(SizeExpr) == 64, "SizeExpr changed: update PlanJson.cpp");
static_assert(sizeof(BufferSpec) == 72, "BufferSpec changed: update PlanJson.cpp");
static_assert(sizeof(Step) == 1104, "Step changed: update PlanJson.cpp");
static_assert(sizeof(ValueSpec) == 96, "ValueSpec changed: update PlanJson.cpp");
static_assert(sizeof(Requirement) == 104, "Requirement changed: update PlanJson.cpp");
static_assert(sizeof(Plan) == 248, "Plan changed: update PlanJson.cpp");
#endif

using json::JsonError;
using json::quote;
using json::Value;

namespace {

// ---- writing ----

/// Writes JSON with one member per line.
class Writer {
public:
  explicit Writer(int indent) : indent(indent) {}
  std::ostringstream os;

  void open(char bracket) {
    os << bracket;
    ++depth;
    first = true;
  }
  void close(char bracket) {
    --depth;
    if (!first)
      newline();
    os << bracket;
    first = false;
  }
  /// Starts member `key` of the current object.
  void key(const std::string &name) {
    separator();
    os << quote(name) << ": ";
  }
  /// Starts the next element of the current array.
  void element() { separator(); }

private:
  int indent;
  int depth = 0;
  bool first = true;
  void newline() { os << "\n" << std::string(depth * indent, ' '); }
  void separator() {
    if (!first)
      os << ",";
    newline();
    first = false;
  }
};

std::string sizeJson(const SizeExpr &s) {
  std::string out = "[" + std::to_string(s.constant) + ", [";
  for (size_t i = 0; i < s.dims.size(); ++i)
    out += (i ? ", " : "") + std::to_string(s.dims[i]);
  out += "], " + std::to_string(s.divisor);
  if (!s.divisorDims.empty()) { // a fourth element only when used
    out += ", [";
    for (size_t i = 0; i < s.divisorDims.size(); ++i)
      out += (i ? ", " : "") + std::to_string(s.divisorDims[i]);
    out += "]";
  }
  return out + "]";
}

template <typename T> std::string intList(const std::vector<T> &values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i)
    out += (i ? ", " : "") + std::to_string(values[i]);
  return out + "]";
}

const char *stepKindName(Step::Kind kind) {
  switch (kind) {
  case Step::Kind::Kernel:
    return "kernel";
  case Step::Kind::Matmul:
    return "matmul";
  case Step::Kind::Loop:
    return "loop";
  case Step::Kind::Lookback:
    return "lookback";
  }
  return "?";
}

const char *bufferKindName(BufferSpec::Kind kind) {
  switch (kind) {
  case BufferSpec::Kind::Argument:
    return "argument";
  case BufferSpec::Kind::Temporary:
    return "temporary";
  case BufferSpec::Kind::Result:
    return "result";
  }
  return "?";
}

void writeValueSpecs(Writer &w, const std::vector<ValueSpec> &specs) {
  w.open('[');
  for (const ValueSpec &v : specs) {
    w.element();
    w.open('{');
    w.key("name");
    w.os << quote(v.name);
    w.key("param");
    w.os << (v.isParam ? "true" : "false");
    w.key("dtype");
    w.os << quote(dtypeName(v.dtype));
    w.key("dims");
    w.os << intList(v.dims);
    w.key("literal");
    w.os << intList(v.literal);
    w.key("buffer");
    w.os << v.buffer;
    w.close('}');
  }
  w.close(']');
}

void writeSteps(Writer &w, const std::vector<Step> &steps) {
  w.open('[');
  for (const Step &s : steps) {
    w.element();
    w.open('{');
    auto member = [&](const char *key, const std::string &text) {
      w.key(key);
      w.os << text;
    };
    auto boolean = [](bool b) { return std::string(b ? "true" : "false"); };
    member("kind", quote(stepKindName(s.kind)));
    member("name", quote(s.name));
    member("buffers", intList(s.buffers));
    member("range", sizeJson(s.range));
    member("item_size", sizeJson(s.itemSize));
    member("min_grain", std::to_string(s.minGrain));
    member("sequential", boolean(s.sequential));
    if (s.groupLanes.constant != 0)
      member("group_lanes", sizeJson(s.groupLanes));
    if (s.rowItems.constant != 0)
      member("row_items", sizeJson(s.rowItems));
    member("guard", sizeJson(s.guard));
    member("guard_min", std::to_string(s.guardMin));
    member("guard_max", std::to_string(s.guardMax));
    member("guard_per_thread", boolean(s.guardPerThread));
    if (s.minSteps > 0) {
      member("step_guard", sizeJson(s.stepGuard));
      member("min_steps", std::to_string(s.minSteps));
      member("runs_on_few_steps", boolean(s.runsOnFewSteps));
    }
    if (s.widthMin > 0 || s.widthMax != INT64_MAX) {
      member("width_guard", sizeJson(s.widthGuard));
      member("width_min", std::to_string(s.widthMin));
      member("width_max", std::to_string(s.widthMax));
    }
    member("batch", sizeJson(s.batch));
    member("rows", sizeJson(s.rows));
    member("contraction", sizeJson(s.contraction));
    member("columns", sizeJson(s.columns));
    member("rhs_batched", boolean(s.rhsBatched));
    member("block_items", sizeJson(s.blockItems));
    member("chunk_dim", std::to_string(s.chunkDim));
    member("scan_steps", sizeJson(s.scanSteps));
    member("step_stride", sizeJson(s.stepStride));
    member("walk_part_steps", std::to_string(s.walkPartSteps));
    member("rows_part_steps", std::to_string(s.rowsPartSteps));
    member("reverse", boolean(s.reverse));
    member("counter", std::to_string(s.counter));
    w.key("body");
    writeSteps(w, s.body);
    w.close('}');
  }
  w.close(']');
}

// ---- reading ----

/// Reads with the plan's bounds at hand, for validation.
struct Reader {
  Plan plan;

  [[noreturn]] void bad(const Value &v, const std::string &what) {
    throw JsonError("'" + v.path() + "' " + what);
  }

  /// A size over the model dims and (unless `modelDimsOnly`) the counters.
  SizeExpr size(const Value &v, bool modelDimsOnly = false) {
    const std::vector<Value> &parts = v.asArray();
    if (parts.size() != 3 && parts.size() != 4)
      bad(v, "must be [constant, [dims], divisor] or [constant, [dims], "
             "divisor, [divisor dims]]");
    SizeExpr s;
    s.constant = parts[0].asInt();
    int32_t dimLimit = static_cast<int32_t>(plan.dimNames.size()) +
                       (modelDimsOnly ? 0 : plan.numCounters);
    for (const Value &d : parts[1].asArray()) {
      int32_t index = d.asInt32();
      if (index < 0 || index >= dimLimit)
        bad(d, "names dim " + std::to_string(index) + " of " +
                   std::to_string(dimLimit));
      s.dims.push_back(index);
    }
    s.divisor = parts[2].asInt();
    if (s.divisor <= 0)
      bad(parts[2], "must be positive");
    if (parts.size() == 4)
      for (const Value &d : parts[3].asArray()) {
        // Schedule parameters are model dims (never loop counters).
        int32_t index = d.asInt32();
        if (index < 0 || index >= static_cast<int32_t>(plan.dimNames.size()))
          bad(d, "names dim " + std::to_string(index) + " of " +
                     std::to_string(plan.dimNames.size()));
        s.divisorDims.push_back(index);
      }
    if (s.constant < 0)
      bad(parts[0], "must not be negative");
    return s;
  }

  DType dtype(const Value &v) {
    DType d;
    if (!parseDType(v.asString(), d))
      bad(v, "is not a dtype: '" + v.asString() + "'");
    return d;
  }

  int32_t bufferIndex(const Value &v) {
    int32_t b = v.asInt32();
    if (b < 0 || b >= static_cast<int32_t>(plan.buffers.size()))
      bad(v, "names buffer " + std::to_string(b) + " of " +
                 std::to_string(plan.buffers.size()));
    return b;
  }

  std::vector<ValueSpec> valueSpecs(const Value &v) {
    std::vector<ValueSpec> out;
    for (const Value &e : v.asArray()) {
      ValueSpec s;
      s.name = e.at("name").asString();
      s.isParam = e.at("param").asBool();
      s.dtype = dtype(e.at("dtype"));
      for (const Value &d : e.at("dims").asArray()) {
        int32_t index = d.asInt32();
        if (index < -1 || index >= static_cast<int32_t>(plan.dimNames.size()))
          bad(d, "names dim " + std::to_string(index) + " of " +
                     std::to_string(plan.dimNames.size()));
        s.dims.push_back(index);
      }
      for (const Value &l : e.at("literal").asArray())
        s.literal.push_back(l.asInt());
      if (s.literal.size() != s.dims.size())
        bad(e.at("literal"), "must have one entry per dim");
      s.buffer = bufferIndex(e.at("buffer"));
      out.push_back(std::move(s));
    }
    return out;
  }

  std::vector<Step> steps(const Value &v) {
    std::vector<Step> out;
    for (const Value &e : v.asArray()) {
      Step s;
      const std::string &kind = e.at("kind").asString();
      if (kind == "kernel")
        s.kind = Step::Kind::Kernel;
      else if (kind == "matmul")
        s.kind = Step::Kind::Matmul;
      else if (kind == "loop")
        s.kind = Step::Kind::Loop;
      else if (kind == "lookback")
        s.kind = Step::Kind::Lookback;
      else
        bad(e.at("kind"), "is not a step kind: '" + kind + "'");
      s.name = e.at("name").asString();
      for (const Value &b : e.at("buffers").asArray())
        s.buffers.push_back(bufferIndex(b));
      s.range = size(e.at("range"));
      s.itemSize = size(e.at("item_size"));
      s.minGrain = e.at("min_grain").asInt();
      s.sequential = e.at("sequential").asBool();
      if (e.has("group_lanes"))
        s.groupLanes = size(e.at("group_lanes"));
      if (e.has("row_items")) // (optional: plans before session 27)
        s.rowItems = size(e.at("row_items"));
      s.guard = size(e.at("guard"));
      s.guardMin = e.at("guard_min").asInt();
      s.guardMax = e.at("guard_max").asInt();
      s.guardPerThread = e.at("guard_per_thread").asBool();
      if (e.has("min_steps")) { // (optional: plans before session 38)
        s.stepGuard = size(e.at("step_guard"));
        s.minSteps = e.at("min_steps").asInt();
        s.runsOnFewSteps = e.at("runs_on_few_steps").asBool();
        if (s.minSteps < 1)
          bad(e.at("min_steps"), "is not a positive number of steps");
      }
      if (e.has("width_guard")) { // (optional: plans before session 41)
        s.widthGuard = size(e.at("width_guard"));
        s.widthMin = e.at("width_min").asInt();
        s.widthMax = e.at("width_max").asInt();
        if (s.widthMin < 0 || s.widthMax <= s.widthMin)
          bad(e.at("width_max"), "is not above width_min");
      }
      s.batch = size(e.at("batch"));
      s.rows = size(e.at("rows"));
      s.contraction = size(e.at("contraction"));
      s.columns = size(e.at("columns"));
      s.rhsBatched = e.at("rhs_batched").asBool();
      s.blockItems = size(e.at("block_items"));
      // Optional: manifests written before the run-time look-back chunk
      // have neither (their chunk is built into the kernels).
      if (e.has("chunk_dim")) {
        s.chunkDim = e.at("chunk_dim").asInt32();
        if (s.chunkDim < -1 ||
            s.chunkDim >= static_cast<int32_t>(plan.dimNames.size()))
          bad(e.at("chunk_dim"), "names dim " + std::to_string(s.chunkDim) +
                                     " of " +
                                     std::to_string(plan.dimNames.size()));
      }
      if (e.has("scan_steps"))
        s.scanSteps = size(e.at("scan_steps"));
      // Optional: manifests written before it leave it unknown (0).
      if (e.has("step_stride"))
        s.stepStride = size(e.at("step_stride"));
      if (e.has("walk_part_steps"))
        s.walkPartSteps = e.at("walk_part_steps").asInt32();
      if (e.has("rows_part_steps"))
        s.rowsPartSteps = e.at("rows_part_steps").asInt32();
      s.reverse = e.at("reverse").asBool();
      s.counter = e.at("counter").asInt32();
      s.body = steps(e.at("body"));
      check(e, s);
      out.push_back(std::move(s));
    }
    return out;
  }

  /// What the executor relies on for each kind of step.
  void check(const Value &e, const Step &s) {
    switch (s.kind) {
    case Step::Kind::Kernel:
      if (s.name.empty())
        bad(e, "is a kernel step without a symbol");
      if (!s.body.empty() && s.groupLanes.constant == 0)
        bad(e, "is a kernel step with a body");
      if (s.groupLanes.constant != 0 && s.body.empty())
        bad(e, "is a group kernel step without the steps it falls back on");
      break;
    case Step::Kind::Matmul:
      if (s.buffers.size() != 3)
        bad(e, "is a matmul step without its 3 buffers");
      break;
    case Step::Kind::Loop: {
      int32_t first = static_cast<int32_t>(plan.dimNames.size());
      if (s.counter < first || s.counter >= first + plan.numCounters)
        bad(e, "has loop counter " + std::to_string(s.counter) +
                   " outside the plan's counters");
      break;
    }
    case Step::Kind::Lookback:
      if (s.body.size() < 3 || (s.body.size() - 3) % 3 != 0)
        bad(e, "is a lookback step without its 3 kernels (and 3 per "
               "carry-tree level)");
      for (const Step &k : s.body)
        if (k.kind != Step::Kind::Kernel)
          bad(e, "is a lookback step whose body is not kernels");
      break;
    }
  }
};

} // namespace

std::string planToJson(const Plan &plan, int indent) {
  Writer w(indent);
  w.open('{');
  w.key("model");
  w.os << quote(plan.model);
  w.key("dims");
  w.open('[');
  for (const std::string &d : plan.dimNames) {
    w.element();
    w.os << quote(d);
  }
  w.close(']');
  w.key("counters");
  w.os << plan.numCounters;
  w.key("buffers");
  w.open('[');
  for (const BufferSpec &b : plan.buffers) {
    w.element();
    w.open('{');
    w.key("kind");
    w.os << quote(bufferKindName(b.kind));
    w.key("index");
    w.os << b.index;
    w.key("dtype");
    w.os << quote(dtypeName(b.dtype));
    w.key("shape");
    w.os << "[";
    for (size_t d = 0; d < b.shape.size(); ++d)
      w.os << (d ? ", " : "") << sizeJson(b.shape[d]);
    w.os << "]";
    w.key("name");
    w.os << quote(b.name);
    w.close('}');
  }
  w.close(']');
  w.key("arguments");
  writeValueSpecs(w, plan.arguments);
  w.key("results");
  writeValueSpecs(w, plan.results);
  w.key("requirements");
  w.open('[');
  for (const Requirement &r : plan.requirements) {
    w.element();
    w.os << "{\"size\": " << sizeJson(r.size) << ", \"minimum\": " << r.minimum
         << ", \"message\": " << quote(r.message) << "}";
  }
  w.close(']');
  w.key("steps");
  writeSteps(w, plan.steps);
  w.close('}');
  return w.os.str();
}

Plan planFromJson(const Value &value) {
  Reader r;
  Plan &plan = r.plan;
  plan.model = value.at("model").asString();
  for (const Value &d : value.at("dims").asArray())
    plan.dimNames.push_back(d.asString());
  plan.numCounters = value.at("counters").asInt32();
  if (plan.numCounters < 0 || plan.numCounters > 1 << 20)
    r.bad(value.at("counters"), "is out of range");
  // Buffers first (their shapes name dims), then what refers to them.
  const Value &buffers = value.at("buffers");
  for (const Value &e : buffers.asArray()) {
    BufferSpec b;
    const std::string &kind = e.at("kind").asString();
    if (kind == "argument")
      b.kind = BufferSpec::Kind::Argument;
    else if (kind == "temporary")
      b.kind = BufferSpec::Kind::Temporary;
    else if (kind == "result")
      b.kind = BufferSpec::Kind::Result;
    else
      r.bad(e.at("kind"), "is not a buffer kind: '" + kind + "'");
    b.index = e.at("index").asInt32();
    b.dtype = r.dtype(e.at("dtype"));
    for (const Value &s : e.at("shape").asArray())
      b.shape.push_back(r.size(s));
    b.name = e.at("name").asString();
    plan.buffers.push_back(std::move(b));
  }
  plan.arguments = r.valueSpecs(value.at("arguments"));
  plan.results = r.valueSpecs(value.at("results"));
  for (size_t i = 0; i < plan.buffers.size(); ++i) {
    const BufferSpec &b = plan.buffers[i];
    const Value &where = buffers.asArray()[i].at("index");
    if (b.kind == BufferSpec::Kind::Argument &&
        (b.index < 0 || b.index >= static_cast<int32_t>(plan.arguments.size())))
      r.bad(where, "names argument " + std::to_string(b.index) + " of " +
                       std::to_string(plan.arguments.size()));
    if (b.kind == BufferSpec::Kind::Result &&
        (b.index < 0 || b.index >= static_cast<int32_t>(plan.results.size())))
      r.bad(where, "names result " + std::to_string(b.index) + " of " +
                       std::to_string(plan.results.size()));
  }
  for (const Value &e : value.at("requirements").asArray())
    plan.requirements.push_back(Requirement{
        // Checked when the dims are bound, before the counters exist.
        r.size(e.at("size"), /*modelDimsOnly=*/true), e.at("minimum").asInt(),
        e.at("message").asString()});
  plan.steps = r.steps(value.at("steps"));
  return plan;
}

} // namespace sluice::runtime
