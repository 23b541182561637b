# Log-add-exp and max-plus scans with infinite coefficients
# (tests/numpy/Inputs/semiring_infinities.sl). x is uniform in [-1, 1)
# but, by channel d % 4: 0, +inf for the first 10 steps (every state +inf
# from there); 1, +inf for 23 steps from 2T/3 (inside a later look-back
# block; finite before); 2, -inf for the first 10 steps and 23 from T/3
# and 2T/3 (the states with a forcing recover); 3, finite. The reference is
# the loop in float64 (NumPy's logaddexp and maximum): the infinities must
# come out exactly, and no NaN where it has a number. The same on OpenCL:
# tests/Run/opencl-numpy.sl.
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --target reference
# RUN: %python %scripts/check-numpy.py %s --no-fusion
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked --dims B=1,T=100003,D=4 --threads 8
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked --dims B=2,T=40000,D=3 --threads 2
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel --dims B=3,T=129,D=33
import numpy as np

MODEL = "tests/numpy/Inputs/semiring_infinities.sl"
DIMS = {"B": 2, "T": 3000, "D": 4}


def inputs(rng, dims):
    b, t, d = dims["B"], dims["T"], dims["D"]
    x = rng.uniform(-1.0, 1.0, (b, t, d))
    kind = np.arange(d) % 4
    x[:, :10, kind == 0] = np.inf
    x[:, 2 * t // 3:2 * t // 3 + 23, kind == 1] = np.inf
    for start, length in ((0, 10), (t // 3, 23), (2 * t // 3, 23)):
        x[:, start:start + length, kind == 2] = -np.inf
    return {"x": x}


def reference(inp, dims):
    x = inp["x"]
    b, d = dims["B"], dims["D"]
    m, p, q, h = (np.zeros((b, d)) for _ in range(4))
    out = {name: np.empty_like(x) for name in "mpqh"}
    with np.errstate(invalid="ignore"):
        for t in range(dims["T"]):
            xt = x[:, t]
            m = np.logaddexp(m + xt, m + xt)
            p, q = np.logaddexp(p + xt, q + xt), np.logaddexp(p, q + xt)
            h = np.maximum(h + xt, np.minimum(np.maximum(xt, -5.0), 5.0))
            for name, value in zip("mpqh", (m, p, q, h)):
                out[name][:, t] = value
    return out
