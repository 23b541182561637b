# Large models compile in time linear in their text (scripts/gen-large-model.py).
# RUN: rm -rf %t && mkdir -p %t
# A flat sum of 100k terms parses (operator chains are loops, walks follow the
# left spine iteratively) and compiles (fused chains are cut every 512 ops);
# before, it was "expression nests too deeply", and code generation recursed
# 100k levels deep.
# RUN: %python %scripts/gen-large-model.py sum 100000 > %t/sum.sl
# RUN: %npy write %t/x.npy '<f4' 1,2,1 1,2
# RUN: timeout 300 sluice run %t/sum.sl --input x=%t/x.npy --output-dir %t/sum | FileCheck %s --check-prefix=RAN
# RUN: %npy print %t/sum/y.npy | FileCheck %s --check-prefix=SUM
# RUN: timeout 300 sluice run %t/sum.sl --target reference --input x=%t/x.npy --output-dir %t/sumref
# RUN: %npy print %t/sumref/y.npy | FileCheck %s --check-prefix=SUM
# A non-linear scan whose step sums 100k terms runs step by step (one kernel
# for the whole body took LLVM 113 s).
# RUN: %python %scripts/gen-large-model.py loopsum 100000 > %t/loopsum.sl
# RUN: timeout 90 sluice run %t/loopsum.sl --random B=2,T=4,D=4 --output-dir %t/loopsum | FileCheck %s --check-prefix=RAN
# A balanced sum of 20k distinct terms (60k ops, 15 levels deep) is stored in
# pieces of at most 1024 ops (one kernel of it took LLVM 78 s).
# RUN: %python %scripts/gen-large-model.py balanced 20000 > %t/balanced.sl
# RUN: timeout 60 sluice run %t/balanced.sl --random B=2,T=4,D=4 --output-dir %t/balanced | FileCheck %s --check-prefix=RAN
# Literal-only lets (no type of their own) are emitted once per block and
# type, not at every use: 40 doubling lets were 2^40 ops.
# RUN: %python %scripts/gen-large-model.py weak 40 > %t/weak.sl
# RUN: timeout 60 sluice run %t/weak.sl --random B=1,T=2,D=1 --output-dir %t/weak | FileCheck %s --check-prefix=RAN
# RUN: %python %scripts/gen-large-model.py lets 3000 > %t/lets.sl
# RUN: timeout 300 sluice run %t/lets.sl --random B=2,T=8,D=4 --output-dir %t/lets | FileCheck %s --check-prefix=RAN
# RUN: %python %scripts/gen-large-model.py scans 50 > %t/scans.sl
# RUN: timeout 300 sluice run %t/scans.sl --random B=2,T=8,D=4 --output-dir %t/scans | FileCheck %s --check-prefix=RAN
# RUN: %python %scripts/gen-large-model.py outputs 100 > %t/outputs.sl
# RUN: timeout 300 sluice run %t/outputs.sl --random B=2,T=8,D=4 --output-dir %t/outputs | FileCheck %s --check-prefix=OUTPUTS
# RAN: : shape
# SUM: <f4 [1, 2, 1]: 100000 200000
# OUTPUTS: o0: shape [2, 8, 4], f32
# OUTPUTS: o99: shape [2, 8, 4], f32
