# Mamba-2 SSD against NumPy: the recurrent (linear-time) form of Dao & Gu 2024
# (arXiv 2405.21060, eq. (1) with A_t = exp(dt_t A) times the identity per
# head), h_t = A_t h_{t-1} + dt_t x_t B_t^T, y_t = h_t C_t + D x_t.
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --no-fusion
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel
# RUN: %python %scripts/check-numpy.py %s --scan-strategy sequential
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=100003,H=1,P=2,N=2 --threads 8
# RUN: %python %scripts/check-numpy.py %s --dims B=2,T=40,H=3,P=19,N=4 --threads 8
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=30,H=2,P=70,N=3 --threads 8
import numpy as np

MODEL = "examples/mamba2_ssd.sl"
MODEL_NAME = None
DIMS = {"B": 2, "T": 300, "H": 4, "P": 8, "N": 4}
RTOL = 1e-4


def inputs(rng, dims):
    B, T, H, P, N = (dims[d] for d in "BTHPN")
    return {"x": rng.uniform(-1, 1, (B, T, H, P)),
            "dt": np.log1p(np.exp(rng.uniform(-3, 1, (B, T, H)))),  # softplus
            "Bm": rng.uniform(-1, 1, (B, T, N)),
            "C": rng.uniform(-1, 1, (B, T, N)),
            "A": -np.exp(rng.uniform(-2, 1, (H,))),
            "Dskip": rng.uniform(-1, 1, (H,))}


def reference(inp, dims):
    x, dt, Bm, C, A, Dskip = (inp[n] for n in ("x", "dt", "Bm", "C", "A", "Dskip"))
    Bsz, T, H, P = x.shape
    N = Bm.shape[-1]
    h = np.zeros((Bsz, H, P, N), dtype=x.dtype)
    y = np.empty((Bsz, T, H, P), dtype=x.dtype)
    for t in range(T):
        decay = np.exp(dt[:, t] * A)                                   # [B, H]
        h = decay[:, :, None, None] * h + \
            (dt[:, t, :, None] * x[:, t])[:, :, :, None] * Bm[:, t, None, None, :]
        y[:, t] = np.einsum("bhpn,bn->bhp", h, C[:, t]) + Dskip[None, :, None] * x[:, t]
    return {"y": y}
