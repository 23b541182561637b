# Retention against NumPy: the recurrent form of Sun et al. 2023
# (arXiv 2307.08621, eq. (6)), S_n = gamma S_{n-1} + K_n^T V_n, o_n = Q_n S_n,
# one gamma per head (gamma_h = 1 - 2^(-5-h) as in the paper).
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --no-fusion
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel
# RUN: %python %scripts/check-numpy.py %s --scan-strategy sequential
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=100003,H=2,K=2,V=1 --threads 8
# RUN: %python %scripts/check-numpy.py %s --dims B=2,T=60,H=3,K=5,V=37 --threads 8
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=40,H=2,K=3,V=16
import numpy as np

MODEL = "examples/retnet.sl"
MODEL_NAME = None
DIMS = {"B": 2, "T": 300, "H": 4, "K": 8, "V": 8}
RTOL = 1e-4


def inputs(rng, dims):
    B, T, H, K, V = (dims[d] for d in "BTHKV")
    return {"q": rng.uniform(-1, 1, (B, T, H, K)),
            "k": rng.uniform(-1, 1, (B, T, H, K)),
            "v": rng.uniform(-1, 1, (B, T, H, V)),
            "gamma": 1.0 - 2.0 ** (-5.0 - np.arange(H))}


def reference(inp, dims):
    q, k, v, gamma = inp["q"], inp["k"], inp["v"], inp["gamma"]
    B, T, H, K = q.shape
    V = v.shape[-1]
    S = np.zeros((B, H, K, V), dtype=q.dtype)
    o = np.empty((B, T, H, V), dtype=q.dtype)
    g = gamma[None, :, None, None]
    for n in range(T):
        S = g * S + k[:, n, :, :, None] * v[:, n, :, None, :]
        o[:, n] = np.einsum("bhk,bhkv->bhv", q[:, n], S)
    return {"o": o}
