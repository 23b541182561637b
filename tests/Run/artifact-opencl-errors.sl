# OpenCL artifacts: `sluice compile --target opencl` needs no device; the
# manifest names kernels.cl; a manifest whose kernels are not kernels.cl, or
# whose kernels.cl was changed or printed for another plan, is an error; a CPU runtime-only sluice-run
# says it lacks OpenCL (runtime-only-build covers that build).
# REQUIRES: opencl-runtime
# RUN: rm -rf %t && mkdir -p %t
# RUN: sluice compile %examples/ema.sl --target opencl -o %t/ema | FileCheck %s --check-prefix=COMPILED
# COMPILED: compiled model 'ema' for opencl ({{[0-9]+}} kernels) into {{.*}}ema
# RUN: FileCheck %s --check-prefix=MANIFEST < %t/ema/manifest.json
# MANIFEST: "target": "opencl",
# MANIFEST: "kernels": {"file": "kernels.cl", "triple": "", "cpu": "", "features": "", "checksum": "fnv1a64:
# RUN: FileCheck %s --check-prefix=SOURCE < %t/ema/kernels.cl
# SOURCE: {{^}}// sluice plan checksum: fnv1a64:{{[0-9a-f]+$}}
# SOURCE: __kernel void sl_scan_channels_0(
# SOURCE: __kernel void sl_scan_aggregate_1(
#
# The kernels changed after compiling.
# RUN: cp -r %t/ema %t/edited && echo "// edited" >> %t/edited/kernels.cl
# RUN: not sluice-run %t/edited --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=EDITED
# EDITED: sluice-run: error: artifact '{{.*}}edited': {{.*}}kernels.cl is not the code its manifest was written with (checksum mismatch): compile the model again
# A plan forged with its checksum redone (every buffer f16, smaller than
# the kernels index): kernels.cl names the plan it was printed for.
# RUN: cp -r %t/ema %t/forged && %python %S/Inputs/forge-plan.py %t/forged/manifest.json '"dtype": "f32"' '"dtype": "f16"'
# RUN: not sluice-run %t/forged --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=FORGED
# FORGED: sluice-run: error: artifact '{{.*}}forged': {{.*}}kernels.cl was printed for another plan than its manifest's (edited after compiling?): compile the model again
# An opencl manifest naming other kernels.
# RUN: cp -r %t/ema %t/so && sed -e 's/"file": "kernels.cl"/"file": "kernels.so"/' %t/ema/manifest.json > %t/so/manifest.json
# RUN: not sluice-run %t/so --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=SO
# SO: sluice-run: error: corrupt manifest {{.*}}: the kernels of an 'opencl' artifact are kernels.cl, not 'kernels.so'
