#!/usr/bin/env python3
"""The GPU benchmark of issue 9: sluice's OpenCL artifacts against the GPU
baselines, in one run, in one table (run by bench.sh on the GPU machine).

    python3 baselines.py --sluice-run BIN --artifacts DIR [--cases a,b]
                         [--smoke] [--work /tmp/sluice-bench]

For every case (a model at a shape and dtype) it draws random inputs (torch,
seeded), computes a float64 reference on the GPU, and times each contender
on the same inputs, the same way: one warm-up, then runs each after the same
L2 flush (a 256 MiB buffer written with `zero_()`; sluice-run's --bench
writes 256 MiB with clEnqueueFillBuffer), timed by device events (JAX: host
clock around a blocking call, so its figures include dispatch):
  copy          torch `dst.copy_(src)` moving the case's unique bytes
                (reads + writes = arguments + results): the ceiling
  same-bytes    torch `torch.mul(a, b, out=h)`: an element-wise kernel with
                h = a*h + b's bytes (the ceiling for small shapes)
  sluice        `sluice-run ART --input ... --bench N` (device time of the
                kernels from profiling timestamps, no host<->device copy)
  torch.cumsum, cupy.cumsum (CUB), jax.lax.associative_scan,
  torch.compile'd associative_scan (torch._higher_order_ops),
  accelerated-scan (Triton `scalar`; needs T contiguous: it is timed on
                [B, D, T] copies, the transposes not counted),
  fla chunk_hgrn (h = exp(g)*h + x, g = log a), fla chunk_gla / chunk_simple_gla,
  torch+fla     a model written in torch with fla's chunk_hgrn as its scan
Each result is checked against the float64 reference first: `err` is
max|out - ref| / max|ref|. The table: ms (median), GB/s of the case's unique
bytes, % of the copy, err, and sluice's speed-up over the contender
(contender ms / sluice ms, > 1: sluice is faster).
"""
import argparse
import math
import os
import re
import subprocess
import sys
import time
import traceback

sys.dont_write_bytecode = True

import numpy as np
import torch

FLUSH_BYTES = 256 << 20
DEV = "cuda"


# --------------------------------------------------------------------------
# timing


class Timer:
    def __init__(self, reps):
        self.reps = reps
        self.flush = torch.empty(FLUSH_BYTES // 4, dtype=torch.float32, device=DEV)

    def cuda(self, fn, reps=None):
        """Median ms of fn() between CUDA events on the current stream."""
        fn()
        torch.cuda.synchronize()
        times = []
        for _ in range(reps or self.reps):
            self.flush.zero_()
            start = torch.cuda.Event(enable_timing=True)
            stop = torch.cuda.Event(enable_timing=True)
            start.record()
            fn()
            stop.record()
            torch.cuda.synchronize()
            times.append(start.elapsed_time(stop))
        return float(np.median(times))

    def host(self, fn, reps=None):
        """Median ms of fn() (which must block until done) by the host clock."""
        fn()
        times = []
        for _ in range(reps or self.reps):
            self.flush.zero_()
            torch.cuda.synchronize()
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1e3)
        return float(np.median(times))


def copy_ms(timer, nbytes):
    """Time of a device copy moving `nbytes` (half read, half written)."""
    src = torch.empty(nbytes // 2, dtype=torch.uint8, device=DEV)
    dst = torch.empty_like(src)
    ms = timer.cuda(lambda: dst.copy_(src))
    del src, dst
    return ms


def rel_err(out, ref):
    out = torch.as_tensor(out).to(device=ref.device, dtype=torch.float64)
    if out.shape != ref.shape:
        return float("nan")
    scale = ref.abs().max().item()
    return (out - ref).abs().max().item() / (scale if scale > 0 else 1.0)


# --------------------------------------------------------------------------
# float64 references (on the GPU)


def linrec_ref(a, b):
    """h[t] = a[t] h[t-1] + b[t] along dim 1 of [B, T, D], float64: a scan
    of chunks of ~sqrt(T) steps, then the chunks' carries, then a fix-up."""
    a = a.to(torch.float64)
    b = b.to(torch.float64)
    B, T, D = a.shape
    L = max(1, int(math.ceil(math.sqrt(T))))
    C = (T + L - 1) // L
    pad = C * L - T
    if pad:
        a = torch.cat([a, torch.ones(B, pad, D, dtype=a.dtype, device=a.device)], 1)
        b = torch.cat([b, torch.zeros(B, pad, D, dtype=b.dtype, device=b.device)], 1)
    a = a.view(B, C, L, D)
    b = b.view(B, C, L, D)
    h = torch.empty_like(b)
    p = torch.empty_like(a)
    hl = torch.zeros(B, C, D, dtype=a.dtype, device=a.device)
    pl = torch.ones(B, C, D, dtype=a.dtype, device=a.device)
    for l in range(L):
        hl = a[:, :, l] * hl + b[:, :, l]
        pl = pl * a[:, :, l]
        h[:, :, l] = hl
        p[:, :, l] = pl
    carries = torch.empty(B, C, D, dtype=a.dtype, device=a.device)
    carry = torch.zeros(B, D, dtype=a.dtype, device=a.device)
    for c in range(C):
        carries[:, c] = carry
        carry = p[:, c, L - 1] * carry + h[:, c, L - 1]
    h = h + p * carries[:, :, None, :]
    return h.view(B, C * L, D)[:, :T]


# --------------------------------------------------------------------------
# sluice through sluice-run


class Sluice:
    def __init__(self, binary, artifacts, work, reps):
        self.binary = binary
        self.artifacts = artifacts
        self.work = work
        self.reps = reps

    def available(self, model):
        return (self.binary and os.path.isfile(self.binary) and self.artifacts and
                os.path.isfile(os.path.join(self.artifacts, model, "manifest.json")))

    def run(self, model, named, outputs, reps, parallelism=None):
        """Writes `named` (name -> torch tensor) as f32 .npy, runs the
        artifact with --bench, returns (median ms, unique bytes, outputs).
        parallelism: SLUICE_BENCH_PARALLELISM (1: channel-parallel scans)."""
        case = os.path.join(self.work, model)
        os.makedirs(case, exist_ok=True)
        cmd = [self.binary, os.path.join(self.artifacts, model),
               "--bench", str(reps), "--output-dir", os.path.join(case, "out")]
        for name, t in named.items():
            path = os.path.join(case, name + ".npy")
            np.save(path, t.detach().to(torch.float32).cpu().numpy())
            cmd += ["--input", f"{name}={path}"]
        t0 = time.time()
        env = dict(os.environ)
        if parallelism is not None:
            env["SLUICE_BENCH_PARALLELISM"] = str(parallelism)
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise RuntimeError(f"sluice-run failed ({proc.returncode}): "
                               + (proc.stderr or proc.stdout).strip()[-600:])
        line = [l for l in proc.stdout.splitlines() if l.startswith("bench ")][-1]
        fields = dict(kv.split("=", 1) for kv in line.split()[1:])
        print(f"    [{line}] ({time.time() - t0:.1f} s)", flush=True)
        outs = [torch.from_numpy(np.load(os.path.join(case, "out", o + ".npy")))
                for o in outputs]
        for name in named:
            os.remove(os.path.join(case, name + ".npy"))
        return float(fields["median_ms"]), int(fields["unique_bytes"]), outs


# --------------------------------------------------------------------------
# the contenders


def torch_assoc_scan_fn(op):
    """A torch.compile'd associative scan along dim 1 (op: 'linrec' on
    (a, b) or 'add' on x); falls back to a Hillis-Steele scan in torch,
    compiled, where torch._higher_order_ops.associative_scan is missing."""
    try:
        from torch._higher_order_ops.associative_scan import associative_scan
    except Exception:
        associative_scan = None

    if op == "linrec":
        def combine(x, y):
            return (x[0] * y[0], y[0] * x[1] + y[1])

        if associative_scan is not None:
            return torch.compile(lambda a, b: associative_scan(combine, (a, b), dim=1)[1]), "hop"

        def hillis(a, b):
            T = a.shape[1]
            s = 1
            while s < T:
                a2 = torch.cat([torch.ones_like(a[:, :s]), a[:, :-s]], 1)
                b2 = torch.cat([torch.zeros_like(b[:, :s]), b[:, :-s]], 1)
                b = a * b2 + b
                a = a * a2
                s *= 2
            return b
        return torch.compile(hillis), "hillis-steele"

    def add(x, y):
        return x + y
    if associative_scan is not None:
        return torch.compile(lambda x: associative_scan(add, x, dim=1)), "hop"
    return None, "missing"


class Contenders:
    def __init__(self, timer, args):
        self.timer = timer
        self.args = args
        self.notes = {}
        self._jax = None
        self._cupy = None
        self._ascan = None
        self._fla = None

    def jax(self):
        if self._jax is None:
            import jax
            import jax.numpy as jnp
            self._jax = (jax, jnp)
        return self._jax

    def cupy(self):
        if self._cupy is None:
            import cupy
            self._cupy = cupy
        return self._cupy

    def ascan(self):
        if self._ascan is None:
            from accelerated_scan.scalar import scan
            self._ascan = scan
        return self._ascan

    def fla(self):
        if self._fla is None:
            from fla.ops.hgrn import chunk_hgrn
            from fla.ops.gla import chunk_gla
            from fla.ops.simple_gla import chunk_simple_gla
            self._fla = dict(chunk_hgrn=chunk_hgrn, chunk_gla=chunk_gla,
                             chunk_simple_gla=chunk_simple_gla)
        return self._fla


def to_jax(t):
    import jax.dlpack
    return jax.dlpack.from_dlpack(t.contiguous())


# --------------------------------------------------------------------------
# cases


def draw_linrec(shape, dtype, gen):
    a = (0.5 + 0.5 * torch.rand(shape, generator=gen, device=DEV)).to(dtype)
    b = torch.randn(shape, generator=gen, device=DEV).to(dtype)
    return a, b


def case_linrec(ctx, row, name, shape, dtype, reps, compile_ok):
    gen = torch.Generator(device=DEV).manual_seed(1)
    a, b = draw_linrec(shape, dtype, gen)
    ref = linrec_ref(a, b)
    esize = a.element_size()
    unique = 3 * a.numel() * esize
    row.case(name, shape, dtype, unique)
    row.copy(copy_ms(ctx.timer, unique))
    h = torch.empty_like(a)
    row.add("same-bytes a*b", lambda: ctx.timer.cuda(lambda: torch.mul(a, b, out=h)), None)
    model = "linrec" if dtype == torch.float32 else "linrec_bf16"
    row.sluice(model, {"a": a, "b": b}, ["h"], [ref], reps)
    row.sluice(model, {"a": a, "b": b}, ["h"], [ref], reps, parallelism=1)

    def jax_scan():
        jax, jnp = ctx.jax()
        ja, jb = to_jax(a), to_jax(b)

        def comb(x, y):
            return (x[0] * y[0], y[0] * x[1] + y[1])
        f = jax.jit(lambda a, b: jax.lax.associative_scan(comb, (a, b), axis=1)[1])
        out = f(ja, jb).block_until_ready()
        err = rel_err(torch.from_dlpack(out), ref)
        return ctx.timer.host(lambda: f(ja, jb).block_until_ready()), err
    row.add_checked("jax.lax.associative_scan", jax_scan, "host clock")

    if compile_ok and dtype == torch.float32:
        def tc():
            f, how = torch_assoc_scan_fn("linrec")
            out = f(a, b)
            return ctx.timer.cuda(lambda: f(a, b)), rel_err(out, ref)
        row.add_checked("torch.compile assoc_scan", tc, None)

    def ascan():
        scan = ctx.ascan()
        at = a.transpose(1, 2).contiguous()
        bt = b.transpose(1, 2).contiguous()
        out = scan(at, bt)
        err = rel_err(out.transpose(1, 2), ref)
        ms = ctx.timer.cuda(lambda: scan(at, bt))
        return ms, err
    row.add_checked("accelerated-scan (triton)", ascan, "on [B,D,T]; transposes not counted")

    def hgrn():
        chunk_hgrn = ctx.fla()["chunk_hgrn"]
        g = torch.log(a.float()).to(dtype)
        out, _ = chunk_hgrn(b, g)
        refg = linrec_ref(torch.exp(g.double()), b)
        return ctx.timer.cuda(lambda: chunk_hgrn(b, g)), rel_err(out, refg)
    row.add_checked("fla chunk_hgrn", hgrn, "g = log a precomputed")


def case_cumsum(ctx, row, name, shape, reps, compile_ok):
    gen = torch.Generator(device=DEV).manual_seed(2)
    x = torch.randn(shape, generator=gen, device=DEV)
    ref = torch.cumsum(x.double(), 1)
    unique = 2 * x.numel() * 4
    row.case(name, shape, torch.float32, unique)
    row.copy(copy_ms(ctx.timer, unique))
    row.sluice("cumsum", {"x": x}, ["y"], [ref], reps)

    def tcs():
        out = torch.cumsum(x, 1)
        return ctx.timer.cuda(lambda: torch.cumsum(x, 1)), rel_err(out, ref)
    row.add_checked("torch.cumsum", tcs, None)

    def cps():
        cp = ctx.cupy()
        cx = cp.from_dlpack(x)
        out = cp.cumsum(cx, axis=1)
        err = rel_err(torch.from_dlpack(out), ref)
        return ctx.timer.cuda(lambda: cp.cumsum(cx, axis=1)), err
    row.add_checked("cupy.cumsum", cps, None)

    def jx():
        jax, jnp = ctx.jax()
        jxx = to_jax(x)
        f = jax.jit(lambda v: jax.lax.associative_scan(jnp.add, v, axis=1))
        out = f(jxx).block_until_ready()
        err = rel_err(torch.from_dlpack(out), ref)
        return ctx.timer.host(lambda: f(jxx).block_until_ready()), err
    row.add_checked("jax.lax.associative_scan", jx, "host clock")

    if compile_ok:
        def tc():
            f, how = torch_assoc_scan_fn("add")
            if f is None:
                raise RuntimeError("no associative_scan in this torch")
            out = f(x)
            return ctx.timer.cuda(lambda: f(x)), rel_err(out, ref)
        row.add_checked("torch.compile assoc_scan", tc, None)


def case_onechannel(ctx, row, log2t, reps):
    T = 1 << log2t
    gen = torch.Generator(device=DEV).manual_seed(3)
    a, b = draw_linrec((1, T, 1), torch.float32, gen)
    a = 0.9 + 0.1 * a  # keep the chain from decaying in a few steps
    ref = linrec_ref(a, b)
    unique = 3 * T * 4
    row.case(f"linrec 1 channel 2^{log2t}", (1, T, 1), torch.float32, unique)
    row.copy(copy_ms(ctx.timer, unique))
    row.sluice("linrec", {"a": a, "b": b}, ["h"], [ref], reps)
    x = b.view(-1)
    cref = torch.cumsum(x.double(), 0)

    def tcs():
        out = torch.cumsum(x, 0)
        return ctx.timer.cuda(lambda: torch.cumsum(x, 0)), rel_err(out, cref)
    row.add_checked("torch.cumsum 1-D (8 B/elem)", tcs, "cumsum, not h=a*h+b")

    def jax_scan():
        jax, jnp = ctx.jax()
        ja, jb = to_jax(a), to_jax(b)

        def comb(x, y):
            return (x[0] * y[0], y[0] * x[1] + y[1])
        f = jax.jit(lambda a, b: jax.lax.associative_scan(comb, (a, b), axis=1)[1])
        out = f(ja, jb).block_until_ready()
        err = rel_err(torch.from_dlpack(out), ref)
        return ctx.timer.host(lambda: f(ja, jb).block_until_ready(), reps), err
    row.add_checked("jax.lax.associative_scan", jax_scan, "host clock")

    def hgrn():
        chunk_hgrn = ctx.fla()["chunk_hgrn"]
        g = torch.log(a)
        out, _ = chunk_hgrn(b, g)
        refg = linrec_ref(torch.exp(g.double()), b)
        return ctx.timer.cuda(lambda: chunk_hgrn(b, g), reps), rel_err(out, refg)
    row.add_checked("fla chunk_hgrn", hgrn, None)


def case_linoss(ctx, row, shape, reps):
    B, T, P = shape
    gen = torch.Generator(device=DEV).manual_seed(4)
    bu = torch.randn(shape, generator=gen, device=DEV)
    ahat = torch.rand(P, generator=gen, device=DEV)
    s = torch.randn(P, generator=gen, device=DEV)
    A = torch.relu(ahat.double())
    dt = torch.sigmoid(s.double())
    S = 1.0 / (1.0 + dt * dt * A)
    y1 = torch.zeros(B, P, dtype=torch.float64, device=DEV)
    y2 = torch.zeros_like(y1)
    ref = torch.empty(shape, dtype=torch.float64, device=DEV)
    bud = bu.double()
    for t in range(T):
        y = S * (2.0 * y1 - y2 + dt * dt * bud[:, t])
        ref[:, t] = y
        y2, y1 = y1, y
    unique = 2 * bu.numel() * 4 + 2 * P * 4
    row.case("linoss_im (2nd order)", shape, torch.float32, unique)
    row.copy(copy_ms(ctx.timer, unique))
    row.sluice("linoss_im", {"bu": bu, "Ahat": ahat, "s": s}, ["y"], [ref], reps)


def case_hawk(ctx, row, shape, reps):
    B, T, D = shape
    gen = torch.Generator(device=DEV).manual_seed(5)
    x = torch.randn(shape, generator=gen, device=DEV)
    Wa = torch.randn(D, D, generator=gen, device=DEV) / math.sqrt(D)
    Wx = torch.randn(D, D, generator=gen, device=DEV) / math.sqrt(D)
    ba = 0.1 * torch.randn(D, generator=gen, device=DEV)
    bx = 0.1 * torch.randn(D, generator=gen, device=DEV)
    lam = torch.randn(D, generator=gen, device=DEV)

    def gates(x, Wa, ba, Wx, bx, lam):
        r = torch.sigmoid(x @ Wa + ba)
        i = torch.sigmoid(x @ Wx + bx)
        loga = -8.0 * r * torch.nn.functional.softplus(-lam)
        u = torch.sqrt(1.0 - torch.exp(2.0 * loga)) * (i * x)
        return loga, u
    d = [t.double() for t in (x, Wa, ba, Wx, bx, lam)]
    loga, u = gates(*d)
    ref = linrec_ref(torch.exp(loga), u)
    del loga, u, d
    unique = 2 * x.numel() * 4 + (2 * D * D + 3 * D) * 4
    row.case("hawk_rglru", shape, torch.float32, unique)
    row.copy(copy_ms(ctx.timer, unique))
    row.flops(4 * B * T * D * D + 15 * B * T * D)
    row.sluice("hawk_rglru", {"x": x, "Wa": Wa, "ba": ba, "Wx": Wx, "bx": bx,
                              "lam": lam}, ["h"], [ref], reps)

    def tf():
        chunk_hgrn = ctx.fla()["chunk_hgrn"]

        def f():
            loga, u = gates(x, Wa, ba, Wx, bx, lam)
            return chunk_hgrn(u, loga)[0]
        out = f()
        return ctx.timer.cuda(f), rel_err(out, ref)
    row.add_checked("torch eager + fla chunk_hgrn", tf, "cuBLAS fp32 matmuls (no tf32)")


def case_selective(ctx, row, shape, reps):
    B, T, D, N = shape
    gen = torch.Generator(device=DEV).manual_seed(6)
    x = torch.randn(B, T, D, generator=gen, device=DEV)
    dt = torch.nn.functional.softplus(torch.randn(B, T, D, generator=gen, device=DEV) - 2)
    Bm = torch.randn(B, T, N, generator=gen, device=DEV)
    C = torch.randn(B, T, N, generator=gen, device=DEV)
    A = -torch.rand(D, N, generator=gen, device=DEV) - 0.1

    def ssm(x, dt, Bm, C, A, scan):
        dA = torch.exp(dt[..., None] * A)
        dBx = (dt * x)[..., None] * Bm[:, :, None, :]
        h = scan(dA.reshape(B, T, D * N), dBx.reshape(B, T, D * N)).view(B, T, D, N)
        return (C[:, :, None, :] * h).sum(-1)
    ref = ssm(*(t.double() for t in (x, dt, Bm, C, A)), linrec_ref)
    unique = (3 * B * T * D + 2 * B * T * N + D * N) * 4
    row.case("selective_scan", shape, torch.float32, unique)
    row.copy(copy_ms(ctx.timer, unique))
    row.flops(7 * B * T * D * N)
    row.sluice_alternatives("selective_scan", {"x": x, "dt": dt, "Bm": Bm, "C": C, "A": A},
                            ["y"], [ref], reps)

    def tf():
        chunk_hgrn = ctx.fla()["chunk_hgrn"]

        def scan(a, b):
            return chunk_hgrn(b, torch.log(a))[0]

        def f():
            return ssm(x, dt, Bm, C, A, scan)
        out = f()
        return ctx.timer.cuda(f), rel_err(out, ref)
    row.add_checked("torch eager + fla chunk_hgrn", tf, "state [B,T,D,N] materialised")


def attention_ref(q, k, v, logdecay):
    """o_t = q_t S_t, S_t = diag(exp(logdecay_t)) S_{t-1} + k_t^T v_t, float64;
    logdecay [B, T, H, K] (broadcast)."""
    q, k, v, g = (t.double() for t in (q, k, v, logdecay))
    B, T, H, K = q.shape
    V = v.shape[-1]
    S = torch.zeros(B, H, K, V, dtype=torch.float64, device=DEV)
    o = torch.empty(B, T, H, V, dtype=torch.float64, device=DEV)
    for t in range(T):
        S = torch.exp(g[:, t])[..., None] * S + k[:, t, :, :, None] * v[:, t, :, None, :]
        o[:, t] = (q[:, t, :, :, None] * S).sum(2)
    return o


def case_gla(ctx, row, shape, reps):
    B, T, H, K, V = shape
    gen = torch.Generator(device=DEV).manual_seed(7)
    q = torch.randn(B, T, H, K, generator=gen, device=DEV) / math.sqrt(K)
    k = torch.randn(B, T, H, K, generator=gen, device=DEV) / math.sqrt(K)
    v = torch.randn(B, T, H, V, generator=gen, device=DEV)
    ga = torch.randn(B, T, H, K, generator=gen, device=DEV) + 3.0
    g = torch.nn.functional.logsigmoid(ga) / 16.0
    ref = attention_ref(q, k, v, g.double())
    unique = (3 * B * T * H * K + 2 * B * T * H * V) * 4
    row.case("gla", shape, torch.float32, unique)
    row.copy(copy_ms(ctx.timer, unique))
    row.flops(B * T * H * (5 * K * V + 4 * K))
    row.sluice_alternatives("gla", {"q": q, "k": k, "v": v, "ga": ga}, ["o"], [ref], reps)

    def fg():
        chunk_gla = ctx.fla()["chunk_gla"]
        out, _ = chunk_gla(q, k, v, g, scale=1.0)
        return ctx.timer.cuda(lambda: chunk_gla(q, k, v, g, scale=1.0)), rel_err(out, ref)
    row.add_checked("fla chunk_gla", fg, "g = logsigmoid(ga)/16 precomputed")


def case_retnet(ctx, row, shape, reps):
    B, T, H, K, V = shape
    gen = torch.Generator(device=DEV).manual_seed(8)
    q = torch.randn(B, T, H, K, generator=gen, device=DEV) / math.sqrt(K)
    k = torch.randn(B, T, H, K, generator=gen, device=DEV) / math.sqrt(K)
    v = torch.randn(B, T, H, V, generator=gen, device=DEV)
    gamma = 1.0 - torch.exp(-5.0 - 3.0 * torch.rand(H, generator=gen, device=DEV))
    gl = torch.log(gamma)
    ref = attention_ref(q, k, v, gl.double()[None, None, :, None].expand(B, T, H, K))
    unique = (2 * B * T * H * K + 2 * B * T * H * V + H) * 4
    row.case("retnet", shape, torch.float32, unique)
    row.copy(copy_ms(ctx.timer, unique))
    row.flops(B * T * H * (4 * K * V))
    row.sluice_alternatives("retnet", {"q": q, "k": k, "v": v, "gamma": gamma}, ["o"], [ref],
                            reps)

    def fs():
        f = ctx.fla()["chunk_simple_gla"]
        out, _ = f(q, k, v, g_gamma=gl, scale=1.0)
        return ctx.timer.cuda(lambda: f(q, k, v, g_gamma=gl, scale=1.0)), rel_err(out, ref)
    row.add_checked("fla chunk_simple_gla", fs, "g_gamma = log gamma")


def ssd_ref(x, dt, Bm, C, A, Dskip):
    """Mamba-2 SSD (Dao & Gu 2024, eq. (1), scalar-times-identity A, one
    group): h_t = exp(dt_t A) h_{t-1} + dt_t x_t B_t^T, y_t = h_t C_t + D x_t,
    float64; x [B,T,H,P], dt [B,T,H], Bm and C [B,T,N], A and Dskip [H]."""
    x, dt, Bm, C, A, Dskip = (t.double() for t in (x, dt, Bm, C, A, Dskip))
    B, T, H, P = x.shape
    N = Bm.shape[-1]
    h = torch.zeros(B, H, P, N, dtype=torch.float64, device=DEV)
    y = torch.empty(B, T, H, P, dtype=torch.float64, device=DEV)
    for t in range(T):
        a = torch.exp(dt[:, t] * A)[:, :, None, None]
        h = a * h + (dt[:, t, :, None] * x[:, t])[..., None] * Bm[:, t, None, None, :]
        y[:, t] = (h * C[:, t, None, None, :]).sum(-1) + Dskip[:, None] * x[:, t]
    return y


def case_mamba2(ctx, row, shape, reps):
    B, T, H, P, N = shape
    gen = torch.Generator(device=DEV).manual_seed(9)
    x = torch.randn(B, T, H, P, generator=gen, device=DEV)
    dt = torch.nn.functional.softplus(torch.randn(B, T, H, generator=gen, device=DEV) - 2.0)
    Bm = torch.randn(B, T, N, generator=gen, device=DEV) / math.sqrt(N)
    C = torch.randn(B, T, N, generator=gen, device=DEV) / math.sqrt(N)
    A = -torch.exp(torch.rand(H, generator=gen, device=DEV) * 2.0)
    Dskip = torch.randn(H, generator=gen, device=DEV)
    ref = ssd_ref(x, dt, Bm, C, A, Dskip)
    unique = (2 * B * T * H * P + B * T * H + 2 * B * T * N + 2 * H) * 4
    row.case("mamba2 ssd", shape, torch.float32, unique)
    row.copy(copy_ms(ctx.timer, unique))
    row.flops(B * T * H * P * N * 5)
    row.sluice_alternatives("mamba2_ssd", {"x": x, "dt": dt, "Bm": Bm, "C": C, "A": A,
                                           "Dskip": Dskip}, ["y"], [ref], reps)

    def fs():
        # SSD as fla's simple GLA: q = C, k = B, v = dt x, g = dt A (per head
        # and step); B and C broadcast over the heads, the skip added after.
        f = ctx.fla()["chunk_simple_gla"]
        q = C[:, :, None, :].expand(B, T, H, N).contiguous()
        k = Bm[:, :, None, :].expand(B, T, H, N).contiguous()
        v = dt[..., None] * x
        g = dt * A

        def run():
            o, _ = f(q, k, v, g=g, scale=1.0)
            return o + Dskip[:, None] * x
        out = run()
        return ctx.timer.cuda(run), rel_err(out, ref)
    row.add_checked("fla chunk_simple_gla", fs, "q=C, k=B (expanded per head), v=dt*x, g=dt*A; skip added")


# --------------------------------------------------------------------------
# the table


class Table:
    def __init__(self, ctx, sluice):
        self.ctx = ctx
        self.sluice_runner = sluice
        self.rows = []
        self.current = None

    def case(self, name, shape, dtype, unique):
        self.current = dict(name=name, shape="x".join(map(str, shape)),
                            dtype=str(dtype).replace("torch.", ""), unique=unique,
                            copy_ms=None, sluice_ms=None, flops=None)
        print(f"== {name} {self.current['shape']} {self.current['dtype']}: "
              f"{unique / 1e6:.1f} MB unique", flush=True)

    def flops(self, n):
        self.current["flops"] = n

    def _emit(self, who, ms, err, note):
        c = self.current
        gbps = c["unique"] / (ms * 1e6) if ms else None
        self.rows.append(dict(case=c, who=who, ms=ms, gbps=gbps, err=err, note=note or ""))
        print(f"   {who:32s} {ms if ms is not None else float('nan'):9.4f} ms "
              f"{gbps if gbps else float('nan'):8.1f} GB/s err {err if err is not None else float('nan'):.2e}"
              f"  {note or ''}", flush=True)

    def copy(self, ms):
        self.current["copy_ms"] = ms
        self._emit("copy (same bytes)", ms, None, "torch copy_")

    def add(self, who, timed, note):
        try:
            self._emit(who, timed(), None, note)
        except Exception as e:
            msg = (str(e).strip().splitlines() or [type(e).__name__])[0][:100]
            self._emit(who, None, None, "failed: " + msg)

    def add_checked(self, who, fn, note):
        if os.environ.get("SLUICE_BENCH_ONLY_SLUICE") == "1":
            return  # (a sweep of sluice's own variants: no baselines)
        try:
            ms, err = fn()
            self._emit(who, ms, err, note)
        except Exception as e:
            msg = (str(e).strip().splitlines() or [type(e).__name__])[0][:100]
            self._emit(who, None, None, "failed: " + msg)
            if os.environ.get("BENCH_TRACE"):
                traceback.print_exc()
        torch.cuda.empty_cache()

    def sluice_alternatives(self, model, named, outputs, refs, reps):
        """A model whose scans are summed over their states: the default rule,
        then the group kernel (one compute unit for the guards) and, with
        SLUICE_BENCH_LOOKBACK_ROW=1, the look-back (10^6 compute units)."""
        self.sluice(model, named, outputs, refs, reps)
        self.sluice(model, named, outputs, refs, reps, parallelism=1)
        if os.environ.get("SLUICE_BENCH_LOOKBACK_ROW") == "1":
            self.sluice(model, named, outputs, refs, reps, parallelism=10**6)

    def sluice(self, model, named, outputs, refs, reps, parallelism=None):
        who = ("sluice" if parallelism is None else "sluice channel-parallel"
               if parallelism == 1 else "sluice look-back")
        if not self.sluice_runner.available(model):
            self._emit(who, None, None, "no artifact")
            return
        try:
            ms, unique, outs = self.sluice_runner.run(model, named, outputs, reps,
                                                      parallelism)
            err = max(rel_err(o, r) for o, r in zip(outs, refs))
            note = "device time (profiling)"
            if parallelism == 1:
                note = (f"SLUICE_BENCH_PARALLELISM={parallelism}: one work-item "
                        "walks T (a scan summed over its state: the group kernel)")
            elif parallelism is not None:
                note = f"SLUICE_BENCH_PARALLELISM={parallelism}: the look-back"
            if unique != self.current["unique"]:
                note += f"; sluice counts {unique / 1e6:.1f} MB"
            if parallelism is None:
                self.current["sluice_ms"] = ms
            self._emit(who, ms, err, note)
        except Exception as e:
            self._emit(who, None, None, "failed: " + str(e).replace("\n", " ")[:200])

    def print(self, peak_tflops):
        print("\n| case | shape | dtype | contender | ms | GB/s | % copy | max rel err | "
              "contender ms / sluice ms | note |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in self.rows:
            c = r["case"]
            pct = (100 * c["copy_ms"] / r["ms"]) if (r["ms"] and c["copy_ms"]) else None
            vs = (r["ms"] / c["sluice_ms"]) if (r["ms"] and c["sluice_ms"]) else None
            note = r["note"]
            if r["who"] == "sluice" and c["flops"] and peak_tflops:
                bound = max(c["copy_ms"] or 0, c["flops"] / (peak_tflops * 1e9))
                note += f"; roofline {bound:.3f} ms ({c['flops'] / 1e9:.2f} GFLOP)"
            fmt = lambda v, f: (f % v) if v is not None else "-"
            print(f"| {c['name']} | {c['shape']} | {c['dtype']} | {r['who']} | "
                  f"{fmt(r['ms'], '%.4f')} | {fmt(r['gbps'], '%.0f')} | {fmt(pct, '%.1f')} | "
                  f"{fmt(r['err'], '%.1e')} | {fmt(vs, '%.2f')} | {note} |")


def peak_fp32_tflops(timer):
    a = torch.randn(8192, 8192, device=DEV)
    b = torch.randn(8192, 8192, device=DEV)
    torch.backends.cuda.matmul.allow_tf32 = False
    ms = timer.cuda(lambda: a @ b, 5)
    return 2 * 8192 ** 3 / (ms * 1e9)


def smoke_imports():
    """Imports every baseline and prints its version (the smoke call)."""
    for name in ["triton", "jax", "cupy", "accelerated_scan", "fla", "transformers"]:
        try:
            mod = __import__(name)
            print(f"import {name}: {getattr(mod, '__version__', 'ok')}", flush=True)
        except Exception as e:
            print(f"import {name}: FAILED {e}", flush=True)
    try:
        from torch._higher_order_ops.associative_scan import associative_scan  # noqa
        print("torch._higher_order_ops.associative_scan: present", flush=True)
    except Exception as e:
        print(f"torch._higher_order_ops.associative_scan: missing ({e})", flush=True)
    try:
        import jax
        print(f"jax devices: {jax.devices()}", flush=True)
    except Exception as e:
        print(f"jax devices: FAILED {e}", flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sluice-run", default="")
    p.add_argument("--artifacts", default="")
    p.add_argument("--work", default="/tmp/sluice-bench")
    p.add_argument("--cases", default="")
    p.add_argument("--reps", type=int, default=20)
    p.add_argument("--smoke", action="store_true")
    args = p.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    print(f"torch {torch.__version__}, {torch.cuda.get_device_name()}", flush=True)
    timer = Timer(args.reps)
    ctx = Contenders(timer, args)
    table = Table(ctx, Sluice(args.sluice_run, args.artifacts, args.work, args.reps))
    big = 1 << 30
    big_ms = copy_ms(timer, big)
    peak = peak_fp32_tflops(timer)
    print(f"device copy 1 GiB (read + write): {big / (big_ms * 1e6):.0f} GB/s; "
          f"fp32 matmul 8192^3 (no tf32): {peak:.1f} TFLOP/s", flush=True)

    f32, bf16 = torch.float32, torch.bfloat16
    # SLUICE_BENCH_SHAPES="gla=16x2048x8x32x32,selective=..." replaces a
    # model case's shape.
    shapes = dict(item.split("=") for item in
                  os.environ.get("SLUICE_BENCH_SHAPES", "").split(",") if item)

    def shape(key, default):
        text = shapes.get(key)
        return tuple(int(d) for d in text.split("x")) if text else default

    cases = [
        ("linrec_8x8192x1024", lambda r: case_linrec(ctx, r, "h=a*h+b", (8, 8192, 1024), f32, args.reps, False)),
        ("linrec_16x4096x512", lambda r: case_linrec(ctx, r, "h=a*h+b", (16, 4096, 512), f32, args.reps, False)),
        ("linrec_8x2048x1024", lambda r: case_linrec(ctx, r, "h=a*h+b", (8, 2048, 1024), f32, args.reps, True)),
        ("linrec_8x512x1024", lambda r: case_linrec(ctx, r, "h=a*h+b", (8, 512, 1024), f32, args.reps, True)),
        ("linrec_4x2048x512", lambda r: case_linrec(ctx, r, "h=a*h+b", (4, 2048, 512), f32, args.reps, False)),
        ("cumsum_8x8192x1024", lambda r: case_cumsum(ctx, r, "cumsum", (8, 8192, 1024), args.reps, False)),
        ("cumsum_8x2048x1024", lambda r: case_cumsum(ctx, r, "cumsum", (8, 2048, 1024), args.reps, True)),
        ("bf16_8x8192x1024", lambda r: case_linrec(ctx, r, "h=a*h+b bf16", (8, 8192, 1024), bf16, args.reps, False)),
        ("bf16_16x4096x512", lambda r: case_linrec(ctx, r, "h=a*h+b bf16", (16, 4096, 512), bf16, args.reps, False)),
        ("onechannel_28", lambda r: case_onechannel(ctx, r, 28, 5)),
        ("linoss", lambda r: case_linoss(ctx, r, (8, 4096, 1024), 10)),
        ("hawk", lambda r: case_hawk(ctx, r, (8, 4096, 512), 10)),
        ("selective", lambda r: case_selective(ctx, r, shape("selective", (8, 2048, 1024, 16)), 10)),
        ("gla", lambda r: case_gla(ctx, r, shape("gla", (4, 2048, 4, 32, 32)), 10)),
        ("retnet", lambda r: case_retnet(ctx, r, shape("retnet", (4, 2048, 4, 32, 32)), 10)),
        ("mamba2", lambda r: case_mamba2(ctx, r, shape("mamba2", (4, 2048, 8, 32, 16)), 10)),
    ]
    if args.smoke:
        smoke_imports()
    wanted = set(args.cases.split(",")) if args.cases else None
    for key, run in cases:
        if wanted is not None and key not in wanted:
            continue
        t0 = time.time()
        try:
            run(table)
        except Exception as e:
            print(f"   case {key} failed: {e}", flush=True)
            traceback.print_exc()
        print(f"   ({time.time() - t0:.1f} s)", flush=True)
        torch.cuda.empty_cache()
    table.print(peak)


if __name__ == "__main__":
    main()
