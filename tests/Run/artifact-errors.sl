# `sluice compile` and `sluice-run`: every problem with an artifact or its
# inputs is a clear message and exit status 1.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sluice compile %examples/ema.sl --target cpu -o %t/ema | FileCheck %s --check-prefix=COMPILED
# RUN: sluice compile %examples/hawk_rglru.sl -o %t/hawk > /dev/null
# COMPILED: compiled model 'ema' for cpu ({{.*}}, {{[0-9]+}} kernels) into {{.*}}ema
#
# No directory, no manifest, not JSON.
# RUN: not sluice-run %t/nothing --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=NODIR
# NODIR: sluice-run: error: '{{.*}}nothing' is not an artifact directory (it does not exist)
# RUN: mkdir -p %t/empty
# RUN: not sluice-run %t/empty --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=NOMANIFEST
# NOMANIFEST: sluice-run: error: '{{.*}}empty' is not an artifact: it has no manifest.json
# RUN: cp -r %t/ema %t/garbage && echo '{"format": "sluice-artifact", "version": 2,' > %t/garbage/manifest.json
# RUN: not sluice-run %t/garbage --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=GARBAGE
# GARBAGE: sluice-run: error: corrupt manifest {{.*}}garbage{{/|\\}}manifest.json: line 2, column 1: expected a string
# RUN: cp -r %t/ema %t/other && echo '{"name": "x"}' > %t/other/manifest.json
# RUN: not sluice-run %t/other --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=OTHER
# OTHER: sluice-run: error: {{.*}}manifest.json is not a sluice artifact manifest
#
# Another format version, another target.
# RUN: cp -r %t/ema %t/v1 && sed -e 's/"version": 2,/"version": 1,/' %t/ema/manifest.json > %t/v1/manifest.json
# RUN: not sluice-run %t/v1 --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=VERSION
# VERSION: sluice-run: error: artifact '{{.*}}v1' has format version 1; this runtime reads version 2: compile the model again with this sluice
# RUN: cp -r %t/ema %t/ocl && sed -e 's/"target": "cpu"/"target": "opencl"/' %t/ema/manifest.json > %t/ocl/manifest.json
# RUN: not sluice-run %t/ocl --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=TARGET
# TARGET: sluice-run: error: {{.*}}ocl{{.*}}'opencl'{{.*}}
# RUN: cp -r %t/ema %t/cuda && sed -e 's/"target": "cpu"/"target": "cuda"/' %t/ema/manifest.json > %t/cuda/manifest.json
# RUN: not sluice-run %t/cuda --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=OTHERTARGET
# OTHERTARGET: sluice-run: error: artifact '{{.*}}cuda' is for target 'cuda'; this runtime runs 'cpu' and 'opencl' artifacts
# RUN: cp -r %t/ema %t/arch && sed -e 's/"triple": "[a-z0-9_]*-/"triple": "riscv64-/' %t/ema/manifest.json > %t/arch/manifest.json
# RUN: not sluice-run %t/arch --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=ARCH
# ARCH: sluice-run: error: artifact '{{.*}}arch' holds code for riscv64, this machine is
# Code for CPU features this machine lacks (XOP and FMA4: AMD family 15h
# only, which no CI machine is) is refused before it is loaded.
# RUN: cp -r %t/ema %t/feat && sed -e 's/-xop/+xop/' -e 's/-fma4/+fma4/' %t/ema/manifest.json > %t/feat/manifest.json
# RUN: not sluice-run %t/feat --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=FEATURES
# FEATURES: sluice-run: error: artifact '{{.*}}feat' was compiled for a CPU with {{(xop, fma4|fma4, xop)}} ({{.*}}), which this machine lacks: compile the model again on a machine like this one
#
# Corrupt plans: an index out of range, a member missing or of the wrong
# kind.
# RUN: cp -r %t/ema %t/buffer && sed -e 's/"buffer": 0/"buffer": 99/' %t/ema/manifest.json > %t/buffer/manifest.json
# RUN: not sluice-run %t/buffer --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=BUFFER
# BUFFER: sluice-run: error: corrupt manifest {{.*}}: 'plan.arguments[0].buffer' names buffer 99 of
# RUN: cp -r %t/ema %t/dim && sed -e 's/"range": \[1, \[0/"range": [1, [77/' %t/ema/manifest.json > %t/dim/manifest.json
# RUN: not sluice-run %t/dim --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=DIM
# DIM: sluice-run: error: corrupt manifest {{.*}}: 'plan.steps[{{[0-9]+}}].range[1][0]' names dim 77 of
# RUN: cp -r %t/ema %t/member && sed -e 's/"min_grain"/"grain"/' %t/ema/manifest.json > %t/member/manifest.json
# RUN: not sluice-run %t/member --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=MEMBER
# MEMBER: sluice-run: error: corrupt manifest {{.*}}: 'plan.steps[0]' has no member 'min_grain'
# RUN: cp -r %t/ema %t/kind && sed -e 's/"sequential": false/"sequential": 0/' %t/ema/manifest.json > %t/kind/manifest.json
# RUN: not sluice-run %t/kind --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=KIND
# KIND: sluice-run: error: corrupt manifest {{.*}}: 'plan.steps[0].sequential' must be a boolean, got an integer
# A plan edited with its checksum recomputed (a step bound to another
# kernel, which read past its buffers; a kernel the code lacks) disagrees
# with the checksum compiled into kernels.so.
# RUN: cp -r %t/hawk %t/forged && %python %S/Inputs/forge-plan.py %t/forged/manifest.json '"name": "sl_scan_aggregate_2"' '"name": "sl_scan_apply_4"'
# RUN: not sluice-run %t/forged --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=FORGED
# FORGED: sluice-run: error: artifact '{{.*}}': {{.*}}kernels.so was compiled with another plan than its manifest's (edited after compiling?): compile the model again
# RUN: cp -r %t/ema %t/symbol && %python %S/Inputs/forge-plan.py %t/symbol/manifest.json '"name": "sl_' '"name": "gone_'
# RUN: not sluice-run %t/symbol --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=FORGED
# An edit that keeps the plan valid still breaks its checksum.
# RUN: cp -r %t/ema %t/edited && sed -e 's/"range": \[1, \[0/"range": [2, [0/' %t/ema/manifest.json > %t/edited/manifest.json
# RUN: not sluice-run %t/edited --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=EDITED
# EDITED: sluice-run: error: corrupt manifest {{.*}}edited{{/|\\}}manifest.json: the plan does not match its checksum (edited after compiling?): compile the model again
#
# Kernels missing, not a shared object, or of another compile.
# RUN: cp -r %t/ema %t/nokernels && rm %t/nokernels/kernels.so
# RUN: not sluice-run %t/nokernels --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=NOKERNELS
# NOKERNELS: sluice-run: error: artifact '{{.*}}nokernels' has no kernels: {{.*}}kernels.so is missing
# RUN: cp -r %t/ema %t/dirkernels && sed -e 's/"file": "kernels.so"/"file": "."/' %t/ema/manifest.json > %t/dirkernels/manifest.json
# RUN: not sluice-run %t/dirkernels --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=DIRKERNELS
# DIRKERNELS: sluice-run: error: artifact '{{.*}}dirkernels' has no kernels: {{.*}}dirkernels{{/|\\}}. is not a file
# RUN: cp -r %t/ema %t/badkernels && cp %t/ema/manifest.json %t/badkernels/kernels.so
# RUN: not sluice-run %t/badkernels --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=BADKERNELS
# BADKERNELS: sluice-run: error: artifact '{{.*}}badkernels': {{.*}}kernels.so is not the code its manifest was written with (checksum mismatch): compile the model again
# RUN: cp -r %t/ema %t/swapped && cp %t/hawk/kernels.so %t/swapped/kernels.so
# RUN: not sluice-run %t/swapped --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=SWAPPED
# SWAPPED: sluice-run: error: artifact '{{.*}}swapped': {{.*}}kernels.so is not the code its manifest was written with (checksum mismatch)
#
# Wrong inputs: a missing one, a shape that disagrees with the model.
# RUN: not sluice-run %t/ema 2>&1 | FileCheck %s --check-prefix=MISSING
# MISSING: sluice-run: error: missing input 'x': give --input x=FILE.npy, or --random with the model's dims
# RUN: %npy write %t/x.npy '<f4' 1,2,2 1,2,3,4
# RUN: %npy write %t/alpha.npy '<f4' 3 0.5,0.5,0.5
# RUN: not sluice-run %t/ema --input x=%t/x.npy --input alpha=%t/alpha.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
# SHAPE: sluice-run: error: dim 'D' is 2 in 'x' but 3 in 'alpha'
# RUN: not sluice-run %t/ema --input y=%t/x.npy --random B=1,T=2,D=2 2>&1 | FileCheck %s --check-prefix=UNKNOWN
# UNKNOWN: sluice-run: error: model 'ema' has no input or param 'y' (it takes: x, alpha)
#
# A good run, from files, is the JIT's; so is an artifact compiled with
# other options.
# RUN: %npy write %t/alpha2.npy '<f4' 2 0.5,0.25
# RUN: sluice-run %t/ema --input x=%t/x.npy --input alpha=%t/alpha2.npy --output-dir %t/out | FileCheck %s --check-prefix=GOOD
# RUN: sluice run %examples/ema.sl --input x=%t/x.npy --input alpha=%t/alpha2.npy --output-dir %t/jit
# RUN: %npy closedir %t/out %t/jit
# RUN: %npy print %t/out/m.npy | FileCheck %s --check-prefix=VALUES
# RUN: sluice compile %examples/ema.sl -o %t/ema2 --scan-strategy chunked --no-fusion > /dev/null
# RUN: sluice-run %t/ema2 --input x=%t/x.npy --input alpha=%t/alpha2.npy --output-dir %t/out2
# RUN: %npy closedir %t/out2 %t/jit
# RUN: cd %t && sluice-run ema --random B=1,T=2,D=1 | FileCheck %s --check-prefix=HERE
# RUN: ls %t/m.npy
# A long T on few channels: the look-back scan, on 2 threads.
# RUN: env SLUICE_NUM_THREADS=2 sluice-run %t/ema --random B=1,T=50000,D=2 --output-dir %t/threads
# RUN: sluice run %examples/ema.sl --random B=1,T=50000,D=2 --output-dir %t/threads-jit
# RUN: %npy closedir %t/threads %t/threads-jit 1e-5
# RUN: FileCheck %s --check-prefix=MANIFEST --input-file %t/ema/manifest.json
# RUN: sluice-run --help | FileCheck %s --check-prefix=HELP
# RUN: sluice-run --version | FileCheck %s --check-prefix=VERFLAG
# RUN: not sluice-run 2>&1 | FileCheck %s --check-prefix=USAGE
# RUN: not sluice-run %t/ema --bogus 2>&1 | FileCheck %s --check-prefix=BOGUS
# RUN: not sluice-run %t/ema --random B=1,T=2,D=3 --seed -1 2>&1 | FileCheck %s --check-prefix=SEED
# RUN: not sluice-run %t/ema --random B=1,T=2,D=3 --output-dir %t/ema/manifest.json 2>&1 | FileCheck %s --check-prefix=OUTDIR
# RUN: not sluice-run %examples/ema.sl --random B=1,T=2,D=3 2>&1 | FileCheck %s --check-prefix=FILE
# RUN: not sluice compile %examples/ema.sl 2>&1 | FileCheck %s --check-prefix=NOOUT
# RUN: not sluice compile %examples/ema.sl --target gpu -o %t/ocl2 2>&1 | FileCheck %s --check-prefix=OPENCL
# RUN: not sluice compile %examples/ema.sl -o %t/x.npy 2>&1 | FileCheck %s --check-prefix=NOTDIR
# RUN: not sluice compile %S/Inputs/ema64.sl --model nope -o %t/nope 2>&1 | FileCheck %s --check-prefix=MODEL
# RUN: not ls %t/nope/manifest.json
# A failed compile leaves an existing artifact as it was.
# RUN: cp -r %t/ema %t/failed && not sluice compile %S/Inputs/ema64.sl --model nope -o %t/failed
# RUN: sluice-run %t/failed --random B=1,T=2,D=3 --output-dir %t/failed-out > /dev/null
# RUN: env SLUICE_CC=/nonexistent/cc not sluice compile %examples/ema.sl -o %t/nocc 2>&1 | FileCheck %s --check-prefix=NOCC
# RUN: not ls %t/nocc/manifest.json %t/nocc/kernels.so
# RUN: env SLUICE_CC=true not sluice compile %examples/ema.sl -o %t/truecc 2>&1 | FileCheck %s --check-prefix=TRUECC
# TRUECC: sluice: error: linking the kernels failed (exit status 0 but no {{.*}}truecc{{.*}} written): true -shared

# GOOD: m: shape [1, 2, 2], f32, written to {{.*}}out{{/|\\}}m.npy
# VALUES: <f4 [1, 2, 2]: 0.5 0.5 1.75 1.375
# HERE: m: shape [1, 2, 1], f32, written to {{(\./)?}}m.npy
# HELP: --input
# HELP: --random
# HELP: --output-dir
# VERFLAG: sluice-run 0.1.0
# USAGE: sluice-run: error: artifact is required
# BOGUS: The following argument was not expected: --bogus
# SEED: sluice-run: error: --seed must be an integer from 0 to 18446744073709551615, got '-1'
# OUTDIR: sluice-run: error: cannot create the output directory '{{.*}}manifest.json'
# FILE: sluice-run: error: '{{.*}}ema.sl' is not an artifact directory (it is not a directory)
# NOOUT: sluice: error: --output is required
# OPENCL: --target: gpu not in {cpu,opencl}
# NOTDIR: sluice: error: cannot write the artifact to '{{.*}}x.npy': it is not a directory
# MODEL: sluice: error: no model 'nope' in {{.*}}ema64.sl (it defines: ema)
# NOCC: sluice: error: linking the kernels failed (could not run '/nonexistent/cc'): /nonexistent/cc -shared -fPIC -o

# MANIFEST: {
# MANIFEST-NEXT:   "format": "sluice-artifact",
# MANIFEST-NEXT:   "version": 2,
# MANIFEST-NEXT:   "target": "cpu",
# MANIFEST: "kernels": {"file": "kernels.so", "triple": "{{.*}}", "cpu": "{{.*}}", "features": "{{.*}}"},
# MANIFEST: "plan": {
# MANIFEST-NEXT:     "model": "ema",
# MANIFEST-NEXT:     "dims": [
# MANIFEST-NEXT:       "B",
# MANIFEST-NEXT:       "T",
# MANIFEST-NEXT:       "D"
# MANIFEST-NEXT:     ],
