//===- RunCommand.cpp - `sluice run` --------------------------------------===//

#include "driver/CommandErrors.h"
#include "driver/RunCommand.h"
#include "codegen/SymbolicShapes.h"
#include "codegen/cpu/CpuModel.h"
#include "codegen/reference/ReferenceEvaluator.h"
#include "runtime/cpu/CpuExecutor.h"
#include "driver/OutputFiles.h"
#include "driver/RunInputs.h"
#include "frontend/Diagnostics.h"
#include "ir/SluiceOps.h"
#include "runtime/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <new>

using namespace mlir;

namespace sluice::driver {
namespace {

using codegen::dtypeOf;

/// The string array attribute `name` of `attrs`, or nothing.
std::vector<std::string> stringsOf(DictionaryAttr attrs, StringRef name) {
  std::vector<std::string> out;
  if (auto array = attrs ? attrs.getAs<ArrayAttr>(name) : ArrayAttr())
    for (Attribute a : array)
      if (auto s = dyn_cast<StringAttr>(a))
        out.push_back(s.str());
  return out;
}

/// The arguments as IRGen declared them (see its `sl.*` arg attributes).
std::vector<ArgSpec> argSpecsOf(func::FuncOp func) {
  std::vector<ArgSpec> specs;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    DictionaryAttr attrs = func.getArgAttrDict(i);
    auto name = attrs ? attrs.getAs<StringAttr>("sl.name") : StringAttr();
    if (!name)
      throw InputError("argument " + std::to_string(i) + " of model '" +
                       func.getSymName().str() + "' has no sl.name");
    ArgSpec spec;
    spec.name = name.str();
    auto kind = attrs.getAs<StringAttr>("sl.kind");
    spec.isParam = kind && kind.getValue() == "param";
    spec.dims = stringsOf(attrs, "sl.dims");
    spec.dtype = dtypeOf(func.getArgumentTypes()[i]);
    specs.push_back(std::move(spec));
  }
  return specs;
}

/// Every dim the model declares, and every named dim its args use.
std::vector<std::string> modelDimsOf(func::FuncOp func,
                                     const std::vector<ArgSpec> &args) {
  std::vector<std::string> dims =
      stringsOf(func->getAttrDictionary(), "sl.dims");
  for (const ArgSpec &a : args)
    for (const std::string &d : a.dims)
      if (!d.empty() && !std::isdigit(static_cast<unsigned char>(d[0])) &&
          std::find(dims.begin(), dims.end(), d) == dims.end())
        dims.push_back(d);
  return dims;
}

/// Writes each output as DIR/NAME.npy (driver/OutputFiles.h).
void writeOutputs(func::FuncOp func,
                  const std::vector<runtime::Tensor> &outputs,
                  const std::string &dir) {
  std::vector<std::string> names;
  std::vector<runtime::DType> declared;
  for (unsigned i = 0; i < outputs.size(); ++i) {
    auto nameAttr = func.getResultAttrOfType<StringAttr>(i, "sl.name");
    names.push_back(nameAttr ? nameAttr.str() : "output" + std::to_string(i));
    declared.push_back(dtypeOf(func.getResultTypes()[i]));
  }
  writeOutputFiles(names, declared, outputs, dir);
}
} // namespace

std::vector<runtime::Tensor> PreparedRun::execute() const {
  if (cpu)
    return runtime::executeOnCpu(cpu->plan, args);
  if (opencl)
    return opencl->run(args);
  return reference::evaluateReference(func, args);
}

PreparedRun prepareRun(Compilation &compilation, const RunOptions &options) {
  if (options.target != "cpu" && options.target != "reference" &&
      options.target != "opencl")
    throw InputError("unknown target '" + options.target +
                     "' (choose cpu, opencl or reference)");
  // The OpenCL target runs the same plan and kernels as the CPU (printed as
  // OpenCL C), so everything up to code generation is the CPU's path.
  bool cpu = options.target != "reference";
  // --scan-strategy sequential: no recognition, every scan block runs as
  // written (a loop over T, parallel over the other dims), for comparisons.
  bool sequential = options.sequential;
  std::string stage = !cpu ? options.referenceStage
                           : sequential ? "parsed" : "fused";
  if (options.target == "opencl")
    compilation.scheduleFor(sl::ScheduleTarget::opencl);
  compilation.fuseWith(!options.noFusion);
  if (stage != "parsed")
    compilation.runTo(stage);
  PreparedRun prepared;
  prepared.func = compilation.selectedModel();
  if (cpu && sequential &&
      prepared.func.walk([](sl::CumulativeOp) { return WalkResult::interrupt(); })
          .wasInterrupted())
    throw InputError("--scan-strategy sequential: the model has a prefix op "
                     "(cumsum, ...), which runs only as a scan");
  std::vector<ArgSpec> args = argSpecsOf(prepared.func);
  InputSources sources{options.inputs, options.random,
                       parseSeed(options.seed)};
  prepared.args = bindArguments(prepared.func.getSymName().str(), args,
                                modelDimsOf(prepared.func, args), sources);
  if (cpu) {
    codegen::cpu::CpuOptions cpuOptions;
    cpuOptions.fusion = !options.noFusion;
    cpuOptions.remarks = options.compile.remarks;
    cpuOptions.times = compilation.phaseTimes();
    if (options.target == "opencl")
      prepared.opencl = compileForOpencl(prepared.func, cpuOptions);
    else
      prepared.cpu = codegen::cpu::compileForCpu(prepared.func, cpuOptions);
  }
  return prepared;
}

int runModel(const RunOptions &options) {
  return exitStatusOf([&] {
    Compilation compilation(options.compile);
    PreparedRun prepared = prepareRun(compilation, options);
    func::FuncOp func = prepared.func;
    if (!options.saveInputs.empty())
      writeInputFiles(argSpecsOf(func), prepared.args, options.saveInputs);
    std::vector<runtime::Tensor> outputs = prepared.execute();
    writeOutputs(func, outputs, options.outputDir);
    std::cout.flush();
    if (codegen::PhaseTimes *times = compilation.phaseTimes())
      std::cerr << times->report();
    return 0;
  });
}

} // namespace sluice::driver
