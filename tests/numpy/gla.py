# Gated Linear Attention against NumPy: the recurrent form of Yang et al.
# 2024 (arXiv 2312.06635, its recurrent form), S_t = diag(alpha_t) S_{t-1} + k_t^T v_t,
# o_t = q_t S_t, alpha_t = sigmoid(ga_t)^(1/16).
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --no-fusion
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel
# RUN: %python %scripts/check-numpy.py %s --scan-strategy sequential
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=100003,H=1,K=2,V=2 --threads 8
# RUN: %python %scripts/check-numpy.py %s --dims B=2,T=60,H=3,K=5,V=37 --threads 8
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=40,H=2,K=3,V=16
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=30,H=2,K=3,V=64
# (K = 37: the gate's rows in two full tiles of 16 and a rest, the fused
# kernel's row loop, ScanReduceKernel.cpp)
# RUN: %python %scripts/check-numpy.py %s --dims B=2,T=50,H=2,K=37,V=19 --threads 8
import numpy as np

MODEL = "examples/gla.sl"
MODEL_NAME = None
DIMS = {"B": 2, "T": 300, "H": 2, "K": 8, "V": 8}
RTOL = 1e-4


def inputs(rng, dims):
    B, T, H, K, V = (dims[d] for d in "BTHKV")
    return {"q": rng.uniform(-1, 1, (B, T, H, K)),
            "k": rng.uniform(-1, 1, (B, T, H, K)),
            "v": rng.uniform(-1, 1, (B, T, H, V)),
            "ga": rng.uniform(-1, 3, (B, T, H, K))}


def reference(inp, dims):
    q, k, v, ga = inp["q"], inp["k"], inp["v"], inp["ga"]
    B, T, H, K = q.shape
    V = v.shape[-1]
    alpha = (1.0 / (1.0 + np.exp(-ga))) ** (1.0 / 16.0)
    S = np.zeros((B, H, K, V), dtype=q.dtype)
    o = np.empty((B, T, H, V), dtype=q.dtype)
    for t in range(T):
        S = alpha[:, t, :, :, None] * S + k[:, t, :, :, None] * v[:, t, :, None, :]
        o[:, t] = np.einsum("bhk,bhkv->bhv", q[:, t], S)
    return {"o": o}
