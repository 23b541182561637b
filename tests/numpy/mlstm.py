# mLSTM with its max stabiliser (Beck et al. 2024, arXiv 2405.04517, sec. 2.3
# and app. A; examples/mlstm.sl, which lines its tensors up with reshape and
# drops m's unit dims with squeeze): per head,
#   m_t = max(log f_t + m_{t-1}, log i_t), f' = exp(log f_t + m_{t-1} - m_t),
#   i' = exp(log i_t - m_t), C_t = f' C_{t-1} + i' v_t k_t^T,
#   n_t = f' n_{t-1} + i' k_t, h_t = C_t q_t / max(|n_t . q_t|, exp(-m_t)),
# with log i = ig, log f = -softplus(-fg), k normalised to unit RMS length
# (k / sqrt(sum k^2 + 1e-6)), all states 0 before the first step.
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --target reference --dims T=20
# RUN: %python %scripts/check-numpy.py %s --no-fusion --dims T=33
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked --dims B=1,T=3000,H=2 --threads 8
import numpy as np

MODEL = "examples/mlstm.sl"
DIMS = {"B": 2, "T": 100, "H": 3, "K": 4, "V": 5}


def inputs(rng, dims):
    B, T, H, K, V = (dims[d] for d in "BTHKV")
    return {"q": rng.standard_normal((B, T, H, K)),
            "k": rng.standard_normal((B, T, H, K)),
            "v": rng.standard_normal((B, T, H, V)),
            "ig": rng.uniform(-3, 3, (B, T, H)),
            "fg": rng.uniform(-2, 4, (B, T, H))}


def reference(inp, dims):
    B, T, H, K, V = (dims[d] for d in "BTHKV")
    q, k, v = inp["q"], inp["k"], inp["v"]
    k = k / np.sqrt((k * k).sum(-1, keepdims=True) + 1e-6)
    li = inp["ig"]
    lf = -np.logaddexp(0.0, -inp["fg"])
    m = np.zeros((B, H)); C = np.zeros((B, H, V, K)); n = np.zeros((B, H, K))
    h = np.empty((B, T, H, V))
    for t in range(T):
        m_new = np.maximum(lf[:, t] + m, li[:, t])
        fp = np.exp(lf[:, t] + m - m_new)
        ip = np.exp(li[:, t] - m_new)
        C = fp[..., None, None] * C + ip[..., None, None] * \
            v[:, t, :, :, None] * k[:, t, :, None, :]
        n = fp[..., None] * n + ip[..., None] * k[:, t]
        m = m_new
        num = (C * q[:, t, :, None, :]).sum(-1)
        den = np.abs((n * q[:, t]).sum(-1))
        h[:, t] = num / np.maximum(den, np.exp(-m))[..., None]
    return {"h": h}
