//===- Model.cpp - The embedding API: compile, bind, run ------------------===//
//
// A compiled model is immutable and shared (through a process-wide cache
// keyed by the model text and the options); each Model handle adds its own
// bound params (api/ModelHandle.h, shared with artifacts). CPU models hold
// the plan and the JIT-ed kernels; reference models hold the `parsed` IR,
// which the float64 evaluator walks.
//
//===----------------------------------------------------------------------===//

#include "runtime/TextFiles.h"
#include "sluice/sluice.h"

#include "api/CompileCache.h"
#include "api/ModelHandle.h"
#include "codegen/SymbolicShapes.h"
#include "codegen/cpu/CpuModel.h"
#include "codegen/opencl/OpenclProgram.h"
#include "codegen/reference/ReferenceEvaluator.h"
#include "driver/Compilation.h"
#include "frontend/Diagnostics.h"
#include "runtime/cpu/CpuExecutor.h"
#ifdef SLUICE_HAVE_OPENCL
#include "runtime/opencl/OpenclModel.h"
#endif

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <fstream>
#include <new>
#include <sstream>

namespace sluice {

Target parseTarget(const std::string &name) {
  if (name == "cpu")
    return Target::Cpu;
  if (name == "reference")
    return Target::Reference;
  if (name == "opencl")
    return Target::OpenCL;
  throw Error("unknown target '" + name +
              "' (expected cpu, opencl or reference)");
}

namespace {

using api::translateErrors;

/// What compiling produced; shared by every handle of the same model text.
struct Compiled : api::CompiledModel {
  Target target = Target::Cpu;
  std::unique_ptr<driver::Compilation> compilation;
  mlir::func::FuncOp func;        ///< reference: the parsed function
  runtime::Plan plan;             ///< the signature (reference) or full plan
  std::unique_ptr<codegen::cpu::CpuModel> cpu;
#ifdef SLUICE_HAVE_OPENCL
  std::unique_ptr<runtime::opencl::OpenclModel> opencl;
#endif

  const runtime::Plan &signature() const override { return plan; }
  const runtime::Plan *cpuPlan() const override {
    return target == Target::Cpu ? &cpu->plan : nullptr;
  }
  std::vector<Tensor> execute(const std::vector<Tensor> &args,
                              const std::vector<Tensor> *into) const override {
    try {
      if (target == Target::Cpu)
        return runtime::executeOnCpu(cpu->plan, args, into);
#ifdef SLUICE_HAVE_OPENCL
      if (target == Target::OpenCL)
        return opencl->run(args, into);
#endif
      runtime::bindDims(plan, args); // the same checks and messages
      std::vector<Tensor> results = reference::evaluateReference(func, args);
      for (size_t i = 0; i < results.size(); ++i) {
        results[i] = results[i].convertTo(plan.results[i].dtype);
        if (into && i < into->size() && !(*into)[i].isNull()) {
          const Tensor &dst = (*into)[i];
          if (dst.shape() != results[i].shape() || dst.dtype() != results[i].dtype())
            throw Error("the tensor given for output '" + plan.results[i].name +
                        "' has the wrong dtype or shape");
          Tensor target = dst; // shares dst's memory
          target.copyFrom(results[i]);
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

/// Whether Target::OpenCL can run here; false only when the options allow
/// the CPU instead (cpuFallback) and there is no OpenCL device (or no
/// OpenCL runtime in this build). Throws Error otherwise.
bool openclDevicePresent(const CompileOptions &options) {
#ifdef SLUICE_HAVE_OPENCL
  if (!options.cpuFallback)
    return true; // building the model selects the device, or says why not
  return runtime::opencl::selectDeviceIfAny(options.openclDevice).has_value();
#else
  if (!options.cpuFallback)
    throw Error("sluice: error: this sluice was built without the OpenCL "
                "runtime (SLUICE_ENABLE_OPENCL=OFF): use Target::Cpu or "
                "CompileOptions::cpuFallback");
  return false;
#endif
}

/// The sl-schedule options `options` force (CPU target; the OpenCL target
/// is set when the model is built for it). Throws Error for a bad
/// scanStrategy or schedule.
ScheduleOptions scheduleOptionsOf(const CompileOptions &options) {
  ScheduleOptions schedule;
  if (!options.scanStrategy.empty()) {
    schedule.strategy = parseScanStrategy(options.scanStrategy);
    if (!schedule.strategy || options.scanStrategy == "auto")
      throw Error("unknown scan strategy '" + options.scanStrategy +
                  "' (expected channel_parallel, lookback or chunked)");
  }
  if (!options.schedule.empty()) {
    ScheduleOptions given;
    std::string error = parseScheduleSpec(options.schedule, given);
    if (error.empty() && given.strategy && schedule.strategy)
      error = "schedule: scanStrategy and schedule's strategy both give the "
              "scan strategy: give it once";
    if (!error.empty())
      throw Error("sluice: error: " + error);
    if (given.strategy)
      schedule.strategy = given.strategy;
    schedule.chunk = given.chunk;
  }
  return schedule;
}

std::shared_ptr<Compiled> compile(const std::string &source,
                                  const std::string &filename,
                                  const CompileOptions &options) {
  auto compiled = std::make_shared<Compiled>();
  compiled->target = options.target;
  driver::CompileOptions copts;
  copts.file = filename;
  copts.model = options.model;
  copts.remarks = options.remarks;
  copts.schedule = scheduleOptionsOf(options);
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
    if (options.target == Target::OpenCL && !openclDevicePresent(options))
      compiled->target = Target::Cpu; // CompileOptions::cpuFallback
    if (compiled->target == Target::OpenCL)
      c.scheduleFor(sl::ScheduleTarget::opencl);
    c.fuseWith(options.fusion);
    c.runTo("fused");
    codegen::cpu::CpuOptions cpu;
    cpu.fusion = options.fusion;
    cpu.remarks = options.remarks;
    if (compiled->target == Target::OpenCL) {
#ifdef SLUICE_HAVE_OPENCL
      codegen::opencl::OpenclProgram program =
          codegen::opencl::buildOpenclProgram(c.selectedModel(), cpu);
      compiled->opencl = std::make_unique<runtime::opencl::OpenclModel>(
          std::move(program.plan), std::move(program.source),
          options.openclDevice);
      compiled->plan = compiled->opencl->plan();
      return compiled;
#endif
    }
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

/// The process-wide cache of compiled models. Never destroyed: JIT-linked code
/// is not torn down during static destruction at exit, when LLVM's own
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
                    (options.fusion ? "f" : "n") +
                    (options.cpuFallback ? "c" : "") + options.scanStrategy +
                    '\0' + options.schedule + '\0' + options.openclDevice +
                    '\0' + source;
  return compileCache().get(
      key, [&] { return compile(source, filename, options); });
}

} // namespace

std::shared_ptr<Model> compileString(const std::string &source,
                                     const std::string &filename,
                                     const CompileOptions &options) {
  return translateErrors([&] {
    return api::makeModelHandle(cachedCompile(source, filename, options),
                                options.threads);
  });
}

CompileCacheStats compileCacheStats() { return compileCache().stats(); }

void setCompileCacheCapacity(size_t entries) {
  compileCache().setCapacity(entries);
}

void clearCompileCache() { compileCache().clear(); }

std::shared_ptr<Model> compileFile(const std::string &path,
                                   const CompileOptions &options) {
  std::string text;
  std::string error = runtime::readTextFile(path, text);
  if (!error.empty())
    throw Error("sluice: error: " + error);
  return compileString(text, path, options);
}

} // namespace sluice
