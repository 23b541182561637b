# The forward algorithm of a two-state hidden Markov model in log space
# (Rabiner, Proc. IEEE 1989, eq. 20, in logarithms), examples/hmm_forward.sl:
#   alpha_t(j) = log sum_i exp(alpha_{t-1}(i) + log a_ij) + log b_j(o_t),
# alpha_{-1} = log pi, with NumPy's logaddexp in float64. The model writes
# logaddexp, which sluice recognises as a log-add-exp scan of two states.
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --target reference
# RUN: %python %scripts/check-numpy.py %s --no-fusion --dims T=777
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked --dims B=1,T=100003,D=2 --threads 8
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel --dims B=3,T=129,D=33 --threads 1
# RUN: %python %scripts/check-numpy.py %s --scan-strategy sequential --dims B=2,T=1,D=5
import numpy as np

MODEL = "examples/hmm_forward.sl"
DIMS = {"B": 2, "T": 300, "D": 16}


def inputs(rng, dims):
    shape = (dims["B"], dims["T"], dims["D"])
    d = dims["D"]
    stay1, stay2 = rng.uniform(0.05, 0.95, d), rng.uniform(0.05, 0.95, d)
    pi1 = rng.uniform(0.05, 0.95, d)
    return {"e1": np.log(rng.uniform(0.01, 1.0, shape)),
            "e2": np.log(rng.uniform(0.01, 1.0, shape)),
            "l11": np.log(stay1), "l12": np.log1p(-stay1),
            "l21": np.log1p(-stay2), "l22": np.log(stay2),
            "p1": np.log(pi1), "p2": np.log1p(-pi1)}


def reference(inp, dims):
    a1 = np.broadcast_to(inp["p1"], (dims["B"], dims["D"]))
    a2 = np.broadcast_to(inp["p2"], (dims["B"], dims["D"]))
    out1 = np.empty_like(inp["e1"])
    out2 = np.empty_like(inp["e2"])
    for t in range(dims["T"]):
        n1 = np.logaddexp(a1 + inp["l11"], a2 + inp["l21"]) + inp["e1"][:, t]
        n2 = np.logaddexp(a1 + inp["l12"], a2 + inp["l22"]) + inp["e2"][:, t]
        a1, a2 = n1, n2
        out1[:, t], out2[:, t] = a1, a2
    return {"a1": out1, "a2": out2}
