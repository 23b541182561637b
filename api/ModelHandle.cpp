//===- ModelHandle.cpp - A Model handle over any compiled model -----------===//

#include "api/ModelHandle.h"
#include "runtime/Threads.h"
#include "runtime/cpu/CpuExecutor.h"

#include <algorithm>

namespace sluice::api {

namespace {

/// A handle: the shared compiled model and this handle's params.
class ModelImpl : public Model {
public:
  ModelImpl(std::shared_ptr<const CompiledModel> compiled,
            std::shared_ptr<runtime::ThreadLimit> threads)
      : compiled(std::move(compiled)), threads(std::move(threads)) {}

  const std::string &name() const override { return compiled->signature().model; }
  std::vector<std::string> inputNames() const override { return names(false); }
  std::vector<std::string> paramNames() const override { return names(true); }
  std::vector<std::string> outputNames() const override {
    std::vector<std::string> out;
    for (const runtime::ValueSpec &r : compiled->signature().results)
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
      dims.push_back(spec.dims[d] >= 0 ? compiled->signature().dimNames[spec.dims[d]]
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
    const runtime::Plan *cpuPlan = compiled->cpuPlan();
    if (!cpuPlan)
      return 0;
    return translateErrors([&] {
      const runtime::Plan &plan = *cpuPlan;
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
    for (const runtime::ValueSpec &r : compiled->signature().results) {
      auto it = outputs.find(r.name);
      into.push_back(it == outputs.end() ? Tensor() : it->second);
    }
    for (const auto &[name, t] : outputs)
      if (std::none_of(compiled->signature().results.begin(), compiled->signature().results.end(),
                       [&](const runtime::ValueSpec &r) { return r.name == name; }))
        throw Error("model '" + this->name() + "' has no output '" + name + "'");
    std::vector<Tensor> results = compiled->execute(arguments(inputs), &into);
    for (size_t i = 0; i < results.size(); ++i)
      outputs[compiled->signature().results[i].name] = results[i];
  }

  /// The positional arguments: `inputs` (which may also override params)
  /// and the bound params.
  std::vector<Tensor> arguments(const std::map<std::string, Tensor> &inputs) const {
    for (const auto &[name, t] : inputs)
      argument(name); // unknown names are errors
    std::vector<Tensor> args;
    for (const runtime::ValueSpec &spec : compiled->signature().arguments) {
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
    for (const runtime::ValueSpec &a : compiled->signature().arguments)
      if (a.isParam == wantParams)
        out.push_back(a.name);
    return out;
  }
  const runtime::ValueSpec &argument(const std::string &name) const {
    for (const runtime::ValueSpec &a : compiled->signature().arguments)
      if (a.name == name)
        return a;
    throw Error("model '" + this->name() + "' has no input or param '" + name +
                "'");
  }

  std::shared_ptr<const CompiledModel> compiled;
  /// The arena calls run in (shared by the handle's concurrent calls).
  std::shared_ptr<runtime::ThreadLimit> threads;
  std::map<std::string, Tensor> params;
};

} // namespace

std::shared_ptr<Model> makeModelHandle(std::shared_ptr<const CompiledModel> compiled,
                                       int threads) {
  return translateErrors([&]() -> std::shared_ptr<Model> {
    auto limit = std::make_shared<runtime::ThreadLimit>(
        threads != 0 ? threads : runtime::threadsFromEnvironment());
    return std::make_shared<ModelImpl>(std::move(compiled), std::move(limit));
  });
}

} // namespace sluice::api
