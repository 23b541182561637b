# Linear scans with infinities in their data, and a growing second-order
# one (tests/numpy/Inputs/linear_infinities.sl). a is uniform in
# [0.5, 1), b and u in [-1, 1), but, by channel d % 4: 0, b and u = +inf
# at 10 steps from T/3 (h and y +inf from there); 1, b = -inf at 5 steps
# from 2T/3 (h -inf on); 2, a = +inf at step T/2 (h +-inf on); 3, finite.
# y's map is constant along T: c1 = 1.7 and c2 = -0.6 (eigenvalues 1.2
# and 0.5) in odd channels, so that its powers over a part of 32 steps
# have entries ~1.2^32 = 340, past what the look-back composes with
# (those parts are walked step by step); 0.5 and 0.2 in even ones. The
# reference is the loop in float64: the infinities must come out where it
# has them, the rest within the tolerance. On OpenCL, the walk among
# others: tests/Run/opencl-numpy.sl.
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked --dims B=1,T=20000,D=4 --threads 2
import numpy as np

MODEL = "tests/numpy/Inputs/linear_infinities.sl"
DIMS = {"B": 2, "T": 300, "D": 8}
RTOL = 1e-4


def inputs(rng, dims):
    b, t, d = dims["B"], dims["T"], dims["D"]
    a = rng.uniform(0.5, 1.0, (b, t, d))
    x = rng.uniform(-1.0, 1.0, (b, t, d))
    kind = np.arange(d) % 4
    x[:, t // 3:t // 3 + 10, kind == 0] = np.inf
    x[:, 2 * t // 3:2 * t // 3 + 5, kind == 1] = -np.inf
    u = rng.uniform(-1.0, 1.0, (b, t, d))
    u[:, t // 3:t // 3 + 10, kind == 0] = np.inf
    a[:, t // 2, kind == 2] = np.inf
    odd = np.arange(d) % 2 == 1
    c1 = np.where(odd, 1.7, 0.5)
    c2 = np.where(odd, -0.6, 0.2)
    # (Growing like 1.2^T: kept finite in f32 over the test's lengths.)
    if t > 400:
        c1 = np.where(odd, 1.0, c1)
        c2 = np.where(odd, -0.25, c2)
    return {"a": a, "b": x, "u": u, "c1": c1, "c2": c2}


def reference(inp, dims):
    a, x, u, c1, c2 = inp["a"], inp["b"], inp["u"], inp["c1"], inp["c2"]
    bb, d = dims["B"], dims["D"]
    h = np.zeros((bb, d))
    y1 = np.zeros((bb, d))
    y2 = np.zeros((bb, d))
    out = {"h": np.empty_like(x), "y": np.empty_like(x)}
    with np.errstate(invalid="ignore", over="ignore"):
        for t in range(dims["T"]):
            h = a[:, t] * h + x[:, t]
            y1, y2 = c1 * y1 + c2 * y2 + u[:, t], y1
            out["h"][:, t] = h
            out["y"][:, t] = y1
    return out
