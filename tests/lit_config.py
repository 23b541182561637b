# lit configuration for sluice: the .mlir and .sl tests under tests/, and the
# models of examples/ (each example carries its own RUN lines).
import os
import sys
import lit.formats

config.name = "sluice"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".sl"]

# The suite's root is the source tree; only tests/ and examples/ hold tests.
config.test_source_root = config.sluice_src_root
config.test_exec_root = os.path.join(config.sluice_obj_root, "tests")
_skipped = {"lit_config.py", "lit.site.cfg.py", "Inputs", "unit", "fuzz", "embed",
            "integration", ".git", ".ci", ".cache"}
for _entry in os.listdir(config.sluice_src_root):
    if _entry not in ("tests", "examples"):
        _skipped.add(_entry)
config.excludes = sorted(_skipped)

config.environment["PATH"] = os.pathsep.join(
    [config.sluice_tools_dir, config.llvm_tools_dir,
     config.environment.get("PATH", os.environ.get("PATH", ""))])
config.environment["FILECHECK_OPTS"] = "-enable-var-scope"
config.environment["POCL_CACHE_DIR"] = os.path.join(config.sluice_obj_root, "pocl-cache")
config.substitutions.append(("%examples", os.path.join(config.sluice_src_root, "examples")))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%scripts", os.path.join(config.sluice_src_root, "scripts")))
