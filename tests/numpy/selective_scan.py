# Mamba's selective scan against NumPy (Gu & Dao 2023, arXiv 2312.00752,
# Algorithm 2 with the discretisation of sec. 3.2: A_bar = exp(dt A),
# B_bar x = dt B x): a state per (channel D, state N),
# h_t = exp(dt_t A) h_{t-1} + dt_t B_t x_t, y_t = sum_N C_t h_t.
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --no-fusion
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel
# RUN: %python %scripts/check-numpy.py %s --scan-strategy sequential
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=100003,D=2,N=2 --threads 8
# RUN: %python %scripts/check-numpy.py %s --dims B=3,T=50,D=37,N=5 --threads 8
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=30,D=64,N=3
import numpy as np

MODEL = "examples/selective_scan.sl"
MODEL_NAME = None
DIMS = {"B": 2, "T": 300, "D": 16, "N": 8}
RTOL = 1e-4


def inputs(rng, dims):
    B, T, D, N = dims["B"], dims["T"], dims["D"], dims["N"]
    return {"x": rng.uniform(-1, 1, (B, T, D)),
            "dt": np.log1p(np.exp(rng.uniform(-3, 1, (B, T, D)))),   # softplus
            "Bm": rng.uniform(-1, 1, (B, T, N)),
            "C": rng.uniform(-1, 1, (B, T, N)),
            "A": -np.exp(rng.uniform(-2, 1, (D, N)))}


def reference(inp, dims):
    x, dt, Bm, C, A = (inp[n] for n in ("x", "dt", "Bm", "C", "A"))
    B, T, D = x.shape
    N = Bm.shape[-1]
    h = np.zeros((B, D, N), dtype=x.dtype)
    y = np.empty_like(x)
    for t in range(T):
        Abar = np.exp(dt[:, t, :, None] * A)
        h = Abar * h + (dt[:, t] * x[:, t])[:, :, None] * Bm[:, t, None, :]
        y[:, t] = np.einsum("bdn,bn->bd", h, C[:, t])
    return {"y": y}
