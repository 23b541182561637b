//===- sluice.cpp - The sluice command-line driver ------------------------===//
//
//   sluice dump MODEL.sl [--model NAME] --stage STAGE [--print-ir-after-all]
//   sluice run  MODEL.sl [--model NAME] [--target ...] --input NAME=FILE.npy ...
//
// Each subcommand lives in driver/; this file only declares the command line.
//
//===----------------------------------------------------------------------===//

#include "driver/DumpCommand.h"
#include "driver/Stages.h"
#include "driver/Subcommands.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace {

/// Adds the options every compiling subcommand shares.
void addCompileOptions(CLI::App *cmd, sluice::driver::CompileOptions &opts) {
  cmd->add_option("file", opts.file, "The model file (.sl)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--model", opts.model,
                  "The model to use when the file defines several");
  cmd->add_flag("--remarks", opts.remarks,
                "Print what each scan block and prefix op became, and why");
  cmd->add_flag("--print-ir-after-all", opts.printIrAfterAll,
                "Print the IR after IRGen and after every pass (stderr)");
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"sluice: a compiler for sequence models. It turns recurrences "
               "written as plain sequential loops into fused parallel scans."};
  app.set_version_flag("--version", std::string("sluice ") + SLUICE_VERSION);
  app.require_subcommand(1);

  sluice::driver::DumpOptions dump;
  CLI::App *dumpCmd =
      app.add_subcommand("dump", "Print the IR of a model after a stage");
  addCompileOptions(dumpCmd, dump.compile);
  std::string stages;
  for (const std::string &s : sluice::driver::dumpStageNames())
    stages += (stages.empty() ? "" : "|") + s;
  dumpCmd->add_option("--stage", dump.stage, "The stage: " + stages)
      ->check(CLI::IsMember(sluice::driver::dumpStageNames()));
  dumpCmd->add_flag("--hide-locations", dump.hideLocations,
                    "Print the IR without source locations");

  sluice::driver::SubcommandRegistry extra;
  sluice::driver::registerSubcommands(app, extra);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  if (dumpCmd->parsed())
    return sluice::driver::dumpModel(dump);
  return extra.run();
}
