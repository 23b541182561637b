//===- Model.cpp - The embedding API: compile, bind, run ------------------===//
//
// A compiled model is immutable and shared (through a process-wide cache
// keyed by the model text and the options); each Model handle adds its own
// bound params. CPU models hold the plan and the JIT-ed kernels; reference
// models hold the `parsed` IR, which the float64 evaluator walks.
//
//===----------------------------------------------------------------------===//

#include "sluice/sluice.h"

#include "codegen/SymbolicShapes.h"
#include "codegen/cpu/CpuModel.h"
#include "codegen/reference/ReferenceEvaluator.h"
#include "driver/Compilation.h"
#include "frontend/Diagnostics.h"
#include "runtime/cpu/CpuExecutor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <fstream>
#include <mutex>
#include <sstream>

namespace sluice {

Target parseTarget(const std::string &name) {
  if (name == "cpu")
    return Target::Cpu;
  if (name == "reference")
    return Target::Reference;
  throw Error("unknown target '" + name + "' (expected cpu or reference)");
}

namespace {

/// What compiling produced; shared by every handle of the same model text.
struct Compiled {
  Target target = Target::Cpu;
  std::unique_ptr<driver::Compilation> compilation;
  mlir::func::FuncOp func;        ///< reference: the parsed function
  runtime::Plan plan;             ///< the signature (reference) or full plan
  std::unique_ptr<codegen::cpu::CpuModel> cpu;

  std::vector<Tensor> execute(const std::vector<Tensor> &args) const {
    try {
      if (target == Target::Cpu)
        return runtime::executeOnCpu(cpu->plan, args);
      runtime::bindDims(plan, args); // the same checks and messages
      std::vector<Tensor> results = reference::evaluateReference(func, args);
      for (size_t i = 0; i < results.size(); ++i)
        results[i] = results[i].convertTo(plan.results[i].dtype);
      return results;
    } catch (const runtime::BindError &e) {
      throw Error(e.what());
    } catch (const reference::EvaluationError &e) {
      throw Error(e.what());
    }
  }
};

std::shared_ptr<Compiled> compile(const std::string &source,
                                  const std::string &filename,
                                  const CompileOptions &options) {
  auto compiled = std::make_shared<Compiled>();
  compiled->target = options.target;
  driver::CompileOptions copts;
  copts.file = filename;
  copts.model = options.model;
  copts.remarks = options.remarks;
  try {
    compiled->compilation =
        std::make_unique<driver::Compilation>(copts, source);
    driver::Compilation &c = *compiled->compilation;
    if (options.target == Target::Reference) {
      compiled->func = c.selectedModel();
      codegen::SymbolicShapes shapes(compiled->func);
      compiled->plan = codegen::signatureOf(compiled->func, shapes);
      return compiled;
    }
    c.runTo("recognized");
    codegen::cpu::CpuOptions cpu;
    cpu.fusion = options.fusion;
    cpu.scanStrategy = options.scanStrategy;
    compiled->cpu = codegen::cpu::compileForCpu(c.selectedModel(), cpu);
    compiled->plan = compiled->cpu->plan;
  } catch (const CompileError &e) {
    throw Error(e.what());
  } catch (const std::runtime_error &e) {
    throw Error(std::string("sluice: error: ") + e.what());
  }
  return compiled;
}

/// The process-wide cache of compiled models.
std::shared_ptr<Compiled> cachedCompile(const std::string &source,
                                        const std::string &filename,
                                        const CompileOptions &options) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<Compiled>> cache;
  std::string key = filename + '\0' + options.model + '\0' +
                    std::to_string(static_cast<int>(options.target)) + '\0' +
                    (options.fusion ? "f" : "n") + options.scanStrategy + '\0' +
                    source;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(key);
    if (it != cache.end())
      return it->second;
  }
  std::shared_ptr<Compiled> compiled = compile(source, filename, options);
  std::lock_guard<std::mutex> lock(mutex);
  return cache.emplace(key, compiled).first->second;
}

/// A handle: the shared compiled model and this handle's params.
class ModelImpl : public Model {
public:
  explicit ModelImpl(std::shared_ptr<Compiled> compiled)
      : compiled(std::move(compiled)) {}

  const std::string &name() const override { return compiled->plan.model; }
  std::vector<std::string> inputNames() const override { return names(false); }
  std::vector<std::string> paramNames() const override { return names(true); }
  std::vector<std::string> outputNames() const override {
    std::vector<std::string> out;
    for (const runtime::ValueSpec &r : compiled->plan.results)
      out.push_back(r.name);
    return out;
  }
  DType argumentType(const std::string &name) const override {
    return argument(name).dtype;
  }
  std::vector<std::string> argumentDims(const std::string &name) const override {
    const runtime::ValueSpec &spec = argument(name);
    std::vector<std::string> dims;
    for (size_t d = 0; d < spec.dims.size(); ++d)
      dims.push_back(spec.dims[d] >= 0 ? compiled->plan.dimNames[spec.dims[d]]
                                       : std::to_string(spec.literal[d]));
    return dims;
  }

  void setParam(const std::string &name, Tensor value) override {
    const runtime::ValueSpec &spec = argument(name);
    if (!spec.isParam)
      throw Error("'" + name + "' is an input of model '" + this->name() +
                  "', not a param: pass it to run()");
    params[name] = std::move(value);
  }

  std::map<std::string, Tensor>
  run(const std::map<std::string, Tensor> &inputs) const override {
    for (const auto &[name, t] : inputs)
      argument(name); // unknown names are errors
    std::vector<Tensor> args;
    for (const runtime::ValueSpec &spec : compiled->plan.arguments) {
      auto it = inputs.find(spec.name);
      Tensor t;
      if (it != inputs.end())
        t = it->second;
      else if (auto p = params.find(spec.name); p != params.end())
        t = p->second;
      else
        throw Error("no value for " +
                    std::string(spec.isParam ? "param" : "input") + " '" +
                    spec.name + "' of model '" + name() + "'");
      // 16-bit arguments accept f32 data (converted, rounding to nearest).
      bool sixteen = spec.dtype == DType::F16 || spec.dtype == DType::BF16;
      if (sixteen && t.dtype() == DType::F32)
        t = t.convertTo(spec.dtype);
      args.push_back(t);
    }
    std::vector<Tensor> results = compiled->execute(args);
    std::map<std::string, Tensor> named;
    for (size_t i = 0; i < results.size(); ++i)
      named[compiled->plan.results[i].name] = results[i];
    return named;
  }

private:
  std::vector<std::string> names(bool wantParams) const {
    std::vector<std::string> out;
    for (const runtime::ValueSpec &a : compiled->plan.arguments)
      if (a.isParam == wantParams)
        out.push_back(a.name);
    return out;
  }
  const runtime::ValueSpec &argument(const std::string &name) const {
    for (const runtime::ValueSpec &a : compiled->plan.arguments)
      if (a.name == name)
        return a;
    throw Error("model '" + this->name() + "' has no input or param '" + name +
                "'");
  }

  std::shared_ptr<Compiled> compiled;
  std::map<std::string, Tensor> params;
};

} // namespace

std::shared_ptr<Model> compileString(const std::string &source,
                                     const std::string &filename,
                                     const CompileOptions &options) {
  return std::make_shared<ModelImpl>(cachedCompile(source, filename, options));
}

std::shared_ptr<Model> compileFile(const std::string &path,
                                   const CompileOptions &options) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error("sluice: error: cannot read '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return compileString(text.str(), path, options);
}

} // namespace sluice
