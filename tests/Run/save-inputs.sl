# --save-inputs DIR writes every argument a run was given (drawn by --random
# or read with --input) as DIR/NAME.npy, one line each on stderr; running
# again on those files gives the same outputs, byte for byte. A 16-bit
# argument is saved widened to f32 (its values are bf16's, and read back as
# the same), an f64 one as f64. Both tools; sluice-run refuses it with
# --bench; a DIR that cannot be made is an error.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sluice run %s --model saved --random T=40,D=3 --seed 11 --save-inputs %t/in --output-dir %t/a 2> %t/saved.txt | FileCheck %s --check-prefix=OUT
# RUN: FileCheck %s --check-prefix=SAVED < %t/saved.txt
# RUN: sluice run %s --model saved --input x=%t/in/x.npy --input g=%t/in/g.npy --input w=%t/in/w.npy --output-dir %t/b
# RUN: cmp %t/a/h.npy %t/b/h.npy
# RUN: %npy print %t/in/w.npy | FileCheck %s --check-prefix=W
# RUN: sluice compile %s --model saved -o %t/art
# RUN: sluice-run %t/art --random T=40,D=3 --seed 11 --save-inputs %t/in2 --output-dir %t/c 2> %t/saved2.txt
# RUN: FileCheck %s --check-prefix=SAVED < %t/saved2.txt
# RUN: cmp %t/in/x.npy %t/in2/x.npy
# RUN: cmp %t/a/h.npy %t/c/h.npy
# RUN: sluice-run %t/art --input x=%t/in/x.npy --input g=%t/in/g.npy --input w=%t/in/w.npy --output-dir %t/d
# RUN: cmp %t/a/h.npy %t/d/h.npy
# RUN: not sluice-run %t/art --random T=4,D=3 --save-inputs %t/in3 --bench 2 2>&1 | FileCheck %s --check-prefix=BENCH
# RUN: sluice run %s --model wide --random D=5 --save-inputs %t/w --output-dir %t/wo 2>&1 | FileCheck %s --check-prefix=WIDE
# RUN: %npy print %t/w/v.npy | FileCheck %s --check-prefix=V
# RUN: not sluice run %s --model saved --random T=4,D=3 --save-inputs %t/a/h.npy/in 2>&1 | FileCheck %s --check-prefix=NODIR
# OUT: h: shape [40, 3], f32, written to
# SAVED: x: shape [40, 3], f32, written to {{.*}}x.npy
# SAVED-NEXT: g: shape [40, 3], bf16 written as f32, written to {{.*}}g.npy
# SAVED-NEXT: w: shape [3], f32, written to {{.*}}w.npy
# W: <f4 [3]:
# WIDE: v: shape [5], f64, written to {{.*}}v.npy
# V: <f8 [5]:
# BENCH: sluice-run: error: --save-inputs saves the inputs of a run, not of --bench or --tune
# NODIR: sluice: error: cannot create the input directory '{{.*}}h.npy/in'

model saved {
  dims T, D
  input x : f32[T, D]
  input g : bf16[T, D]
  param w : f32[D]
  scan t over T { h[t] = sigmoid(g[t]) * h[t-1] + x[t] * w }
  output h
}

model wide {
  dims D
  input v : f64[D]
  output y = v * 2.0
}
