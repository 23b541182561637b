# `--model NAME` on a file of several models (Inputs/two-models.sl): only
# that model is checked and built, so an error in another model (`broken`'s
# unknown name) does not stop it; the other model, or the file without
# --model, is still an error at its location; a name the file does not
# define lists the models; the whole file must still parse and its model
# names be unique.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sluice run %S/Inputs/two-models.sl --model good --target cpu --random B=2,T=5 --output-dir %t/good 2>&1 | FileCheck %s --check-prefix=GOOD
# GOOD: m: shape [2, 5], f32
# RUN: sluice dump %S/Inputs/two-models.sl --model good --stage recognized | FileCheck %s --check-prefix=ONLY
# ONLY: func.func @good(
# ONLY-NOT: @broken
# RUN: not sluice run %S/Inputs/two-models.sl --model broken --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=BROKEN
# RUN: not sluice run %S/Inputs/two-models.sl --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=BROKEN
# BROKEN: two-models.sl:10:26: error: unknown name 'zz'
# RUN: not sluice run %S/Inputs/two-models.sl --model nope --random B=2,T=5 2>&1 | FileCheck %s --check-prefix=NOPE
# NOPE: sluice: error: no model 'nope' in {{.*}}two-models.sl (it defines: good, broken)
# RUN: not sluice run %S/Inputs/models-twice.sl --model b --random T=3 2>&1 | FileCheck %s --check-prefix=TWICE
# TWICE: models-twice.sl:6:7: error: model 'a' is defined twice (first at 1:7)
