# The final states of two EMAs read through `last` (tests/numpy/Inputs/
# final_states.sl): consecutive `last` ops of one shape are stored by one
# kernel, each output its own buffer. Lengths that cross the look-back's
# blocks (4112 x 8 steps), from many threads, and on OpenCL.
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --target reference
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=70001,D=3 --scan-strategy chunked --threads 8
# RUN: %python %scripts/check-numpy.py %s --dims B=5,T=1,D=7
# RUN: %if opencl %{ %python %scripts/check-numpy.py %s --target opencl --dims B=2,T=1000,D=3 %}
# RUN: sluice dump %S/Inputs/final_states.sl --stage plan | FileCheck %s
# CHECK-COUNT-1: kernel sl_last_
# CHECK-NOT: kernel sl_last_
import numpy as np

MODEL = "tests/numpy/Inputs/final_states.sl"
DIMS = {"B": 3, "T": 200, "D": 4}


def inputs(rng, dims):
    B, T, D = dims["B"], dims["T"], dims["D"]
    return {"x": rng.standard_normal((B, T, D)),
            "z": rng.standard_normal((B, T, D)),
            "a": rng.uniform(0.5, 0.99, D)}


def reference(inp, dims):
    x, z, a = inp["x"], inp["z"], inp["a"]
    h = np.zeros(x.shape[0:1] + x.shape[2:])
    g = np.zeros_like(h)
    for t in range(dims["T"]):
        h = a * h + x[:, t]
        g = 0.5 * g + z[:, t]
    return {"hT": h, "gT": g, "twice": 2.0 * h}
