# mLSTM against NumPy (Beck et al. 2024, arXiv 2405.04517, sec. 2.3), by the
# UNstabilised recurrence (float64 does not overflow for these inputs; the
# max stabiliser of the model cancels exactly):
#   C_t = f_t C_{t-1} + i_t v_t k_t^T,  n_t = f_t n_{t-1} + i_t k_t,
#   h_t = C_t q_t / max(|n_t^T q_t|, 1),
# with i_t = exp(ig_t), f_t = sigmoid(fg_t) and, as examples/mlstm.sl does,
# k_t L2-normalised (k / sqrt(|k|^2 + 1e-6)). The output is [B, T, H, V].
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --target reference --dims T=20
# RUN: %python %scripts/check-numpy.py %s --no-fusion
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel
# RUN: %python %scripts/check-numpy.py %s --scan-strategy sequential
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=100003,H=1,K=2,V=1 --threads 8
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=40,H=2,K=3,V=40 --threads 8
import numpy as np

MODEL = "examples/mlstm.sl"
MODEL_NAME = None
DIMS = {"B": 2, "T": 300, "H": 2, "K": 8, "V": 8}
RTOL = 1e-4


def inputs(rng, dims):
    B, T, H, K, V = (dims[d] for d in "BTHKV")
    return {"q": rng.uniform(-1, 1, (B, T, H, K)),
            "k": rng.uniform(-1, 1, (B, T, H, K)),
            "v": rng.uniform(-1, 1, (B, T, H, V)),
            "ig": rng.uniform(-3, 3, (B, T, H)),
            "fg": rng.uniform(-2, 4, (B, T, H))}


def reference(inp, dims):
    q, k, v = inp["q"], inp["k"], inp["v"]
    B, T, H, K = q.shape
    V = v.shape[-1]
    kn = k / np.sqrt(np.sum(k * k, axis=-1, keepdims=True) + 1e-6)
    i = np.exp(inp["ig"])
    f = 1.0 / (1.0 + np.exp(-inp["fg"]))
    C = np.zeros((B, H, V, K), dtype=q.dtype)
    n = np.zeros((B, H, K), dtype=q.dtype)
    out = np.empty((B, T, H, V), dtype=q.dtype)
    for t in range(T):
        C = f[:, t, :, None, None] * C + \
            i[:, t, :, None, None] * v[:, t, :, :, None] * kn[:, t, :, None, :]
        n = f[:, t, :, None] * n + i[:, t, :, None] * kn[:, t]
        num = np.einsum("bhvk,bhk->bhv", C, q[:, t])
        den = np.abs(np.einsum("bhk,bhk->bh", n, q[:, t]))
        out[:, t] = num / np.maximum(den, 1.0)[:, :, None]
    return {"h": out}
