# `log(exp(h[t-1] + a) + exp(x[t]))` and a sum of three exps
# (tests/numpy/Inputs/logspace_growth.sl)
# with a in [0.3, 0.7): the state grows ~a a step and passes exp's overflow
# in f32 (88.7) after ~200 steps and in f64 (709.8) after ~1400. The
# reference is NumPy's float64 logaddexp loop; the spelled form used to be
# evaluated literally by the reference target (inf from the step where h
# passed 709.8) and by the sequential strategy (inf from 88.7), while the
# recognised scan gave the finite state. The element-wise
# `log(exp(x + 100) + exp(x))` likewise (inf in f32 when computed as
# written).
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --target reference
# RUN: %python %scripts/check-numpy.py %s --scan-strategy sequential
# RUN: %python %scripts/check-numpy.py %s --no-fusion
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked --dims B=1,T=100003,D=1 --threads 8
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel --dims B=3,T=2001,D=5
import numpy as np

MODEL = "tests/numpy/Inputs/logspace_growth.sl"
DIMS = {"B": 2, "T": 3000, "D": 3}


def inputs(rng, dims):
    x = rng.normal(0.0, 2.0, (dims["B"], dims["T"], dims["D"]))
    return {"x": x, "a": rng.uniform(0.3, 0.7, dims["D"])}


def reference(inp, dims):
    x, a = inp["x"], inp["a"]
    h = np.zeros((dims["B"], dims["D"]))
    g = np.zeros_like(h)
    out_h, out_g = np.empty_like(x), np.empty_like(x)
    for t in range(dims["T"]):
        h = np.logaddexp(h + a, x[:, t])
        g = np.logaddexp(np.logaddexp(g + a, x[:, t]), x[:, t] - 1.0)
        out_h[:, t], out_g[:, t] = h, g
    return {"h": out_h, "g": out_g, "y": np.logaddexp(x + 100.0, x)}
