# `--model NAME` on a file of several models: only that model is checked and
# built, so an error in another model (here `broken`'s unknown name) does not
# stop it; the other model, or the file without --model, is still an error
# at its location; a name the file does not define lists the models; the
# whole file must still parse and its model names be unique.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sluice run %s --model good --target cpu --random B=2,T=5 --output-dir %t/good 2>&1 | FileCheck %s --check-prefix=GOOD
# GOOD: m: shape [2, 5], f32
# RUN: sluice dump %s --model good --stage recognized | FileCheck %s --check-prefix=ONLY
# ONLY: func.func @good(
# ONLY-NOT: @broken
# RUN: not sluice run %s --model broken --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=BROKEN
# RUN: not sluice run %s --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=BROKEN
# BROKEN: model-select.sl:[[# @LINE + 15]]:26: error: unknown name 'zz'
# RUN: not sluice run %s --model nope --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=NOPE
# NOPE: sluice: error: no model 'nope' in {{.*}}model-select.sl (it defines: good, broken)
# RUN: not sluice run %S/Inputs/models-twice.sl --model b --random T=3 2>&1 | FileCheck %s --check-prefix=TWICE
# TWICE: models-twice.sl:6:7: error: model 'a' is defined twice (first at 1:7)

model good {
  dims B, T
  input x : f32[B, T]
  scan t over T { m[t] = 0.5 * m[t-1] + x[t] }
  output m
}
model broken {
  dims B, T
  input x : f32[B, T]
  scan t over T { y[t] = zz[t] }
  output y
}
