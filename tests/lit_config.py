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
# PoCL's kernel cache: the caller's (scripts/test.sh shares the plain
# build's with the sanitizer build), else one in the build folder.
config.environment["POCL_CACHE_DIR"] = os.environ.get(
    "POCL_CACHE_DIR", os.path.join(config.sluice_obj_root, "pocl-cache"))
config.substitutions.append(("%examples", os.path.join(config.sluice_src_root, "examples")))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%scripts", os.path.join(config.sluice_src_root, "scripts")))

# `REQUIRES: opencl`: sluice was built with the OpenCL runtime and the machine
# has an OpenCL device (PoCL's CPU device in CI).
def _has_opencl_device():
    import ctypes
    import ctypes.util
    name = ctypes.util.find_library("OpenCL")
    if not name:
        return False
    try:
        lib = ctypes.CDLL(name)
        count = ctypes.c_uint(0)
        if lib.clGetPlatformIDs(0, None, ctypes.byref(count)) != 0 or count.value == 0:
            return False
        platforms = (ctypes.c_void_p * count.value)()
        lib.clGetPlatformIDs(count.value, platforms, None)
        for p in platforms:
            devices = ctypes.c_uint(0)
            # CL_DEVICE_TYPE_ALL = 0xFFFFFFFF
            if lib.clGetDeviceIDs(ctypes.c_void_p(p), ctypes.c_ulong(0xFFFFFFFF), 0, None,
                                  ctypes.byref(devices)) == 0 and devices.value > 0:
                return True
    except OSError:
        return False
    return False


# `REQUIRES: opencl-runtime`: built with the OpenCL runtime (no device needed).
if getattr(config, "sluice_opencl", "OFF").upper() in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("opencl-runtime")
    if _has_opencl_device():
        config.available_features.add("opencl")
    elif os.environ.get("SLUICE_REQUIRE_OPENCL") == "1":
        # scripts/test.sh installs PoCL: the OpenCL tests must run, not be
        # marked UNSUPPORTED.
        lit_config.fatal("SLUICE_REQUIRE_OPENCL=1 but no OpenCL device: "
                         "install pocl-opencl-icd (scripts/install-deps.sh)")

# `%no-leak-check CMD`: CMD without LeakSanitizer's exit check in sanitizer
# runs. The OpenCL tests run many processes that start PoCL's worker threads;
# LSan's stop-the-world tracer occasionally crashed on them at exit ("Tracer
# caught signal 11", after the model's outputs were written and checked).
# Leaks on the OpenCL paths stay checked by the gtests (OpenclRuntimeTests,
# OpenclEmitTests, OpenclPlanExecutorTests), which run with LSan.
_asan_options = os.environ.get("ASAN_OPTIONS")
if _asan_options:
    config.substitutions.append(
        ("%no-leak-check", "env ASAN_OPTIONS=" + _asan_options + ":detect_leaks=0"))
else:
    config.substitutions.append(("%no-leak-check", ""))

# `REQUIRES: release-build`: an optimized build without sanitizers (tests
# that bound the compiler's own time: tests/Run/compile-budget.sl).
if (not getattr(config, "sluice_sanitize", "") and
        getattr(config, "sluice_build_type", "") in ("Release", "RelWithDebInfo")):
    config.available_features.add("release-build")
