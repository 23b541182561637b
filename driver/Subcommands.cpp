//===- Subcommands.cpp - The `sluice` subcommands -------------------------===//

#include "driver/Subcommands.h"
#include "driver/BenchCommand.h"
#include "driver/CompileCommand.h"
#include "driver/DumpCommand.h"
#include "driver/Stages.h"
#include "driver/RunCommand.h"
#include "driver/TuneCommand.h"

#include <CLI/CLI.hpp>

namespace sluice::driver {

int SubcommandRegistry::run() {
  for (auto &[cmd, action] : commands)
    if (cmd->parsed())
      return action();
  return 1;
}

namespace {
/// The options every compiling subcommand shares.
void addCompileOptions(CLI::App *cmd, CompileOptions &opts) {
  cmd->add_option("file", opts.file, "The model file (.sl)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--model", opts.model,
                  "The model to use when the file defines several");
  cmd->add_flag("--remarks", opts.remarks,
                "Print what each scan block and prefix op became, and why");
  cmd->add_flag("--print-ir-after-all", opts.printIrAfterAll,
                "Print the IR after IRGen and after every pass (stderr)");
  cmd->add_flag("--time-phases", opts.timePhases,
                "Print the time of each compilation phase (stderr)");
}
/// Sets the strategy of `schedule`, which --schedule and --scan-strategy
/// may each give once between them.
void forceStrategy(ScheduleOptions &schedule, sl::ScanStrategy strategy) {
  if (schedule.strategy)
    throw CLI::ValidationError(
        "--schedule strategy=... and --scan-strategy both give the scan "
        "strategy: give it once");
  schedule.strategy = strategy;
}

/// `--schedule strategy=channel_parallel|lookback|auto,chunk=N`: what
/// sl-schedule forces on every scan; a bad key or value is an error (exit
/// status 1) when the command line is read.
void addScheduleOption(CLI::App *cmd, ScheduleOptions &schedule) {
  cmd->add_option_function<std::string>(
      "--schedule",
      [&schedule](const std::string &spec) {
        ScheduleOptions given;
        std::string error = parseScheduleSpec(spec, given);
        if (!error.empty())
          throw CLI::ValidationError(error);
        if (given.strategy)
          forceStrategy(schedule, *given.strategy);
        if (given.chunk)
          schedule.chunk = given.chunk;
      },
      "Force how scans run: strategy=channel_parallel|lookback|auto, "
      "chunk=N (steps per look-back block, a multiple of the target's "
      "lanes), separated by commas");
}

/// `--scan-strategy`: the strategy alone (`chunked`, its old name, is
/// `lookback`); with `sequential` non-null, also `sequential` (no
/// recognition: every scan block runs as a loop).
void addScanStrategyOption(CLI::App *cmd, ScheduleOptions &schedule,
                           bool *sequential) {
  std::vector<std::string> names = {"channel_parallel", "lookback", "chunked"};
  if (sequential)
    names.push_back("sequential");
  cmd->add_option_function<std::string>(
         "--scan-strategy",
         [&schedule, sequential](const std::string &name) {
           if (name == "sequential")
             *sequential = true;
           else
             forceStrategy(schedule, *parseScanStrategy(name));
         },
         sequential ? "Force channel_parallel or lookback (chunked) scans, "
                      "or sequential (no recognition: every scan block runs "
                      "as a loop); --schedule strategy=... does the first two"
                    : "Force channel_parallel or lookback (chunked) scans "
                      "(as --schedule strategy=...)")
      ->check(CLI::IsMember(names));
}

/// The CPU code generator's choices a run can force (tests, benchmarks).
void addCpuCodegenOptions(CLI::App *cmd, RunOptions &opts) {
  cmd->add_flag("--no-fusion", opts.noFusion,
                "Compute every element-wise op in its own kernel");
  addScheduleOption(cmd, opts.compile.schedule);
  addScanStrategyOption(cmd, opts.compile.schedule, &opts.sequential);
}
} // namespace

void registerSubcommands(CLI::App &app, SubcommandRegistry &registry) {
  auto dump = std::make_shared<DumpOptions>();
  CLI::App *dumpCmd =
      app.add_subcommand("dump", "Print the IR of a model after a stage");
  addCompileOptions(dumpCmd, dump->compile);
  std::string stages;
  for (const std::string &s : dumpStageNames())
    stages += (stages.empty() ? "" : "|") + s;
  dumpCmd->add_option("--stage", dump->stage, "The stage: " + stages)
      ->check(CLI::IsMember(dumpStageNames()));
  dumpCmd->add_flag("--hide-locations", dump->hideLocations,
                    "Print the IR without source locations");
  addScheduleOption(dumpCmd, dump->compile.schedule);
  dumpCmd->add_flag("--no-fusion", dump->noFusion,
                    "sl-fuse stores every element-wise value (the fused stage on)");
  registry.commands.push_back({dumpCmd, [dump] { return dumpModel(*dump); }});

  auto run = std::make_shared<RunOptions>();
  CLI::App *runCmd = app.add_subcommand(
      "run", "Run a model on inputs from .npy files or random ones, writing "
             "each output to DIR/NAME.npy");
  addCompileOptions(runCmd, run->compile);
  runCmd->add_option("--target", run->target, "cpu, opencl or reference")
      ->check(CLI::IsMember({"cpu", "opencl", "reference"}));
  runCmd->add_option("--input", run->inputs,
                     "NAME=FILE.npy for an input or param (repeatable)")
      ->allow_extra_args(false);
  runCmd->add_option("--random", run->random,
                     "Draw every unbound input and param: B=8,T=4096,D=256");
  runCmd->add_option("--seed", run->seed,
                     "Seed of --random (0 to 18446744073709551615)");
  runCmd->add_option("--output-dir", run->outputDir,
                     "Where NAME.npy files go (default: .)");
  runCmd->add_option("--save-inputs", run->saveInputs,
                     "Also write every input and param the run was given "
                     "(from files or drawn by --random) as DIR/NAME.npy, to "
                     "run it again with --input");
  addCpuCodegenOptions(runCmd, *run);
  runCmd->add_option("--reference-stage", run->referenceStage,
                     "The stage --target reference evaluates (default parsed)")
      ->group("");
  registry.commands.push_back({runCmd, [run] { return runModel(*run); }});

  auto bench = std::make_shared<BenchOptions>();
  CLI::App *benchCmd = app.add_subcommand(
      "bench", "Time a model: median time per call and GB/s of unique bytes");
  addCompileOptions(benchCmd, bench->run.compile);
  benchCmd->add_option("--target", bench->run.target, "cpu, opencl or reference")
      ->check(CLI::IsMember({"cpu", "opencl", "reference"}));
  benchCmd->add_option("--input", bench->run.inputs,
                       "NAME=FILE.npy for an input or param (repeatable)")
      ->allow_extra_args(false);
  benchCmd->add_option("--random", bench->run.random,
                       "Draw every unbound input and param: B=8,T=4096,D=256");
  benchCmd->add_option("--seed", bench->run.seed,
                       "Seed of --random (0 to 18446744073709551615)");
  benchCmd->add_option("--warmup", bench->warmup, "Untimed calls first (3)");
  benchCmd->add_option("--repeat", bench->repeat, "Timed calls (20)");
  benchCmd->add_flag("--json", bench->json, "Print one JSON line");
  addCpuCodegenOptions(benchCmd, bench->run);
  registry.commands.push_back({benchCmd, [bench] { return benchModel(*bench); }});

  auto tune = std::make_shared<TuneOptions>();
  tune->run.target = "opencl";
  CLI::App *tuneCmd = app.add_subcommand(
      "tune", "Try look-back schedules of an OpenCL model on the device and "
              "store the fastest in the tuning cache");
  addCompileOptions(tuneCmd, tune->run.compile);
  tuneCmd->add_option("--target", tune->run.target, "opencl (the default)");
  tuneCmd->add_option("--input", tune->run.inputs,
                      "NAME=FILE.npy for an input or param (repeatable)")
      ->allow_extra_args(false);
  tuneCmd->add_option("--random", tune->randomArg,
                      "Draw every unbound input and param with these dims: "
                      "B=8,T=4096,D=256 (a bare number N: --tune-random N)");
  tuneCmd->add_option("--dims", tune->run.random,
                      "The same as --random B=...,T=... (older spelling)");
  tuneCmd
      ->add_option("--tune-random", tune->random,
                   "Try N candidates sampled with --seed (and the default) "
                   "instead of the whole grid")
      ->check(CLI::Range(1, 1000000));
  tuneCmd->add_option("--seed", tune->run.seed,
                      "Seed of the inputs and of --tune-random's sample");
  tuneCmd->add_option("--runs", tune->runs,
                      "Timed calls per candidate (3; the median counts)")
      ->check(CLI::Range(1, 1000));
  addCpuCodegenOptions(tuneCmd, tune->run);
  registry.commands.push_back({tuneCmd, [tune] { return tuneModel(*tune); }});

  auto compile = std::make_shared<CompileCommandOptions>();
  CLI::App *compileCmd = app.add_subcommand(
      "compile", "Compile a model ahead of time into an artifact directory "
                 "(manifest.json + kernels) for sluice-run and "
                 "sluice::loadArtifact");
  compileCmd->add_option("file", compile->compile.file, "The model file (.sl)")
      ->required()
      ->check(CLI::ExistingFile);
  compileCmd->add_option("--model", compile->compile.model,
                         "The model to use when the file defines several");
  compileCmd->add_flag("--remarks", compile->compile.remarks,
                       "Print what each scan block and prefix op became");
  compileCmd->add_flag("--time-phases", compile->compile.timePhases,
                       "Print the time of each compilation phase (stderr)");
  compileCmd->add_option("--target", compile->target, "cpu or opencl")
      ->check(CLI::IsMember({"cpu", "opencl"}));
  compileCmd->add_option("-o,--output", compile->outputDir,
                         "The artifact directory (created if missing)")
      ->required();
  compileCmd->add_flag("--no-fusion", compile->noFusion,
                       "Compute every element-wise op in its own kernel");
  addScheduleOption(compileCmd, compile->compile.schedule);
  addScanStrategyOption(compileCmd, compile->compile.schedule, nullptr);
  registry.commands.push_back(
      {compileCmd, [compile] { return compileArtifact(*compile); }});
}

} // namespace sluice::driver
