# lit configuration for sluice: .mlir and .sl tests under tests/ and examples/.
import os
import lit.formats

config.name = "sluice"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".sl"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs", "unit", "fuzz", "embed"]

# Run over tests/ and examples/ of the source tree.
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.sluice_obj_root, "tests")

config.environment["PATH"] = os.pathsep.join(
    [config.sluice_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
config.environment["FILECHECK_OPTS"] = "-enable-var-scope"
config.environment["POCL_CACHE_DIR"] = os.path.join(config.sluice_obj_root, "pocl-cache")
config.substitutions.append(("%examples", os.path.join(config.sluice_src_root, "examples")))
