//===- Model.cpp - The embedding API: compile, bind, run ------------------===//
//
// A compiled model is immutable and shared (through a process-wide cache
// keyed by the model text and the options); each Model handle adds its own
// bound params. CPU models hold the plan and the JIT-ed kernels; reference
// models hold the `parsed` IR, which the float64 evaluator walks.
//
//===----------------------------------------------------------------------===//

#include "sluice/sluice.h"

#include "api/CompileCache.h"
#include "codegen/SymbolicShapes.h"
#include "codegen/cpu/CpuModel.h"
#include "codegen/reference/ReferenceEvaluator.h"
#include "driver/Compilation.h"
#include "frontend/Diagnostics.h"
#include "runtime/Threads.h"
#include "runtime/cpu/CpuExecutor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <algorithm>
#include <fstream>
#include <new>
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

/// Runs `body`, turning every exception into sluice::Error (the API's one
/// exception type): errors of the layers below keep their message.
template <typename Body> auto translateErrors(Body &&body) -> decltype(body()) {
  try {
    return body();
  } catch (const Error &) {
    throw;
  } catch (const std::bad_alloc &) {
    throw Error("out of memory (an allocation of sluice failed)");
  } catch (const std::exception &e) {
    throw Error(e.what());
  }
}

/// What compiling produced; shared by every handle of the same model text.
struct Compiled {
  Target target = Target::Cpu;
  std::unique_ptr<driver::Compilation> compilation;
  mlir::func::FuncOp func;        ///< reference: the parsed function
  runtime::Plan plan;             ///< the signature (reference) or full plan
  std::unique_ptr<codegen::cpu::CpuModel> cpu;

  std::vector<Tensor> execute(const std::vector<Tensor> &args,
                              const std::vector<Tensor> *into = nullptr) const {
    try {
      if (target == Target::Cpu)
        return runtime::executeOnCpu(cpu->plan, args, into);
      runtime::bindDims(plan, args); // the same checks and messages
      std::vector<Tensor> results = reference::evaluateReference(func, args);
      for (size_t i = 0; i < results.size(); ++i) {
        results[i] = results[i].convertTo(plan.results[i].dtype);
        if (into && i < into->size() && !(*into)[i].isNull()) {
          const Tensor &dst = (*into)[i];
          if (dst.shape() != results[i].shape() || dst.dtype() != results[i].dtype())
            throw Error("the tensor given for output '" + plan.results[i].name +
                        "' has the wrong dtype or shape");
          Tensor target = dst;
          for (int64_t e = 0; e < results[i].numElements(); ++e)
            target.setDouble(e, results[i].getDouble(e));
          results[i] = dst;
        }
      }
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
  if (!options.scanStrategy.empty() && options.scanStrategy != "channel_parallel" &&
      options.scanStrategy != "chunked")
    throw Error("unknown scan strategy '" + options.scanStrategy +
                "' (expected channel_parallel or chunked)");
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
  } catch (const Error &) {
    throw;
  } catch (const std::bad_alloc &) {
    throw Error("sluice: error: out of memory while compiling '" + filename + "'");
  } catch (const std::exception &e) {
    throw Error(std::string("sluice: error: ") + e.what());
  }
  return compiled;
}

/// The process-wide cache of compiled models. Never destroyed: JIT engines
/// are not torn down during static destruction at exit, when LLVM's own
/// state may be gone (see CompileCache.h for evicted models).
api::CompileCache<Compiled> &compileCache() {
  static auto &cache = *new api::CompileCache<Compiled>();
  return cache;
}

std::shared_ptr<Compiled> cachedCompile(const std::string &source,
                                        const std::string &filename,
                                        const CompileOptions &options) {
  std::string key = filename + '\0' + options.model + '\0' +
                    std::to_string(static_cast<int>(options.target)) + '\0' +
                    (options.fusion ? "f" : "n") + options.scanStrategy + '\0' +
                    source;
  return compileCache().get(
      key, [&] { return compile(source, filename, options); });
}

/// A handle: the shared compiled model and this handle's params.
class ModelImpl : public Model {
public:
  ModelImpl(std::shared_ptr<Compiled> compiled,
            std::shared_ptr<runtime::ThreadLimit> threads)
      : compiled(std::move(compiled)), threads(std::move(threads)) {}

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
    if (value.isNull())
      throw Error("a null tensor given for param '" + name + "' of model '" +
                  this->name() + "'");
    const runtime::ValueSpec &spec = argument(name);
    if (!spec.isParam)
      throw Error("'" + name + "' is an input of model '" + this->name() +
                  "', not a param: pass it to run()");
    params[name] = std::move(value);
  }

  std::map<std::string, Tensor>
  run(const std::map<std::string, Tensor> &inputs) const override {
    std::map<std::string, Tensor> outputs;
    runInto(inputs, outputs);
    return outputs;
  }

  void runInto(const std::map<std::string, Tensor> &inputs,
               std::map<std::string, Tensor> &outputs) const override {
    translateErrors([&] {
      threads->run([&] { runIntoUnlimited(inputs, outputs); });
    });
  }

  int64_t trafficBytes(const std::map<std::string, Tensor> &inputs) const override {
    if (compiled->target != Target::Cpu)
      return 0;
    return translateErrors([&] {
      const runtime::Plan &plan = compiled->cpu->plan;
      std::vector<int64_t> dims = runtime::bindDims(plan, arguments(inputs));
      runtime::checkBufferSizes(plan, dims);
      return runtime::estimateTraffic(plan, dims);
    });
  }

private:
  /// runInto in the caller's task arena.
  void runIntoUnlimited(const std::map<std::string, Tensor> &inputs,
                        std::map<std::string, Tensor> &outputs) const {
    std::vector<Tensor> into;
    for (const runtime::ValueSpec &r : compiled->plan.results) {
      auto it = outputs.find(r.name);
      into.push_back(it == outputs.end() ? Tensor() : it->second);
    }
    for (const auto &[name, t] : outputs)
      if (std::none_of(compiled->plan.results.begin(), compiled->plan.results.end(),
                       [&](const runtime::ValueSpec &r) { return r.name == name; }))
        throw Error("model '" + this->name() + "' has no output '" + name + "'");
    std::vector<Tensor> results = compiled->execute(arguments(inputs), &into);
    for (size_t i = 0; i < results.size(); ++i)
      outputs[compiled->plan.results[i].name] = results[i];
  }

  /// The positional arguments: `inputs` (which may also override params)
  /// and the bound params.
  std::vector<Tensor> arguments(const std::map<std::string, Tensor> &inputs) const {
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
    return args;
  }

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
  /// The arena calls run in (shared by the handle's concurrent calls).
  std::shared_ptr<runtime::ThreadLimit> threads;
  std::map<std::string, Tensor> params;
};

} // namespace

std::shared_ptr<Model> compileString(const std::string &source,
                                     const std::string &filename,
                                     const CompileOptions &options) {
  return translateErrors([&] {
    auto threads = std::make_shared<runtime::ThreadLimit>(
        options.threads != 0 ? options.threads
                             : runtime::threadsFromEnvironment());
    return std::make_shared<ModelImpl>(cachedCompile(source, filename, options),
                                       std::move(threads));
  });
}

CompileCacheStats compileCacheStats() { return compileCache().stats(); }

void setCompileCacheCapacity(size_t entries) {
  compileCache().setCapacity(entries);
}

void clearCompileCache() { compileCache().clear(); }

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
