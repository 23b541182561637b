# Large models through `sluice compile` + `sluice-run`: 100 outputs give the
# JIT's outputs; a step summing 100k terms (a Loop step of the plan, with its
# counter) runs step by step from the artifact too.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %python %scripts/gen-large-model.py outputs 100 > %t/outputs.sl
# RUN: timeout 300 sluice compile %t/outputs.sl -o %t/outputs.artifact > /dev/null
# RUN: sluice-run %t/outputs.artifact --random B=2,T=8,D=4 --output-dir %t/outputs-aot | FileCheck %s
# RUN: sluice run %t/outputs.sl --random B=2,T=8,D=4 --output-dir %t/outputs-jit > /dev/null
# RUN: %npy closedir %t/outputs-aot %t/outputs-jit
# RUN: %python %scripts/gen-large-model.py loopsum 100000 > %t/loopsum.sl
# RUN: timeout 300 sluice compile %t/loopsum.sl -o %t/loopsum.artifact > /dev/null
# RUN: sluice-run %t/loopsum.artifact --random B=2,T=4,D=4 --output-dir %t/loopsum-aot > /dev/null
# RUN: sluice run %t/loopsum.sl --random B=2,T=4,D=4 --output-dir %t/loopsum-jit > /dev/null
# RUN: %npy closedir %t/loopsum-aot %t/loopsum-jit 1e-5
# CHECK: o0: shape [2, 8, 4], f32
# CHECK: o99: shape [2, 8, 4], f32
