#!/usr/bin/env python3
# Copyright the MTL4J authors.
# SPDX-License-Identifier: Apache-2.0
#
# Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
# in compliance with the License. You may obtain a copy of the License at
# http://www.apache.org/licenses/LICENSE-2.0
"""The PyTorch bar of `mtl4j bench step`: times the W1 training step in PyTorch.

W1: shared MLP 784-512-256 with ReLU, m linear heads 256->10, softmax cross-entropy (mean over the
batch) per task, batch 100, float32; SGD (lr 0.01, no momentum) or Adam (lr 1e-3, PyTorch's
defaults beta = 0.9, 0.999, eps = 1e-8), the optimisers `mtl4j bench step` uses.

Modes:
  ew        sum of the m task losses, one backward, optimiser step.
  jacobian  the full-Jacobian step (LibMTL-style): per task i, torch.autograd.grad(L_i, shared
            params, retain_graph=True) flattened into row i of a preallocated [m, P] matrix J; the
            heads' gradients from the summed loss; the shared gradient d = w J with w = (1, ..., 1)
            written into the shared params' .grad (views of one preallocated vector); optimiser
            step.

Prints exactly one line of JSON on stdout:
  {"mode", "m", "optimizer", "threads", "torch", "medianMs", "minMs", "p90Ms", "stepsMs"}
With --serve (what `mtl4j bench step --torch interleaved` uses): after the warm-up, one line
  {"mode", "m", "optimizer", "threads", "torch", "ready": true}
then, for every line n >= 1 read from stdin, n timed steps and one line {"stepsMs": [...]}; a line 0
or the end of stdin ends the script (exit code 0). With --probe: one line {"torch", "threads"} and
nothing else (no --m needed).
median: middle value (mean of the two middle ones for an even count); p90: the sorted value at
index min(n - 1, floor(0.9 n)) -- the definitions `mtl4j bench step` uses for its own rows.
Bad arguments: a message on stderr and exit code 2. Torch missing: exit code 3.
"""
import argparse
import json
import math
import sys
import time

BATCH = 100
INPUT, HIDDEN1, HIDDEN2, CLASSES = 784, 512, 256, 10


def positive_int(name, minimum):
    def parse(text):
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be an integer >= {minimum}, found '{text}'")
        if v < minimum:
            raise argparse.ArgumentTypeError(f"{name} must be an integer >= {minimum}, found {v}")
        return v
    return parse


def parse_args(argv):
    p = argparse.ArgumentParser(description="Time the W1 step in PyTorch; prints one JSON line.")
    p.add_argument("--m", type=positive_int("--m", 1), help="number of tasks (>= 1; required unless --probe)")
    p.add_argument("--mode", choices=["ew", "jacobian"], default="ew")
    p.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
    p.add_argument("--steps", type=positive_int("--steps", 1), default=200, help="timed steps (>= 1)")
    p.add_argument("--warmup", type=positive_int("--warmup", 0), default=30, help="warm-up steps (>= 0)")
    p.add_argument("--threads", type=positive_int("--threads", 1), default=None,
                   help="torch.set_num_threads (default: torch's own choice, e.g. from OMP_NUM_THREADS)")
    p.add_argument("--seed", type=positive_int("--seed", 0), default=0)
    p.add_argument("--serve", action="store_true", help="time blocks of steps on request (one block size per stdin line)")
    p.add_argument("--probe", action="store_true", help="print torch's version and thread count, then exit")
    args = p.parse_args(argv)
    if args.m is None and not args.probe:
        p.error("--m is required")
    return args


def median(sorted_ms):
    n = len(sorted_ms)
    return sorted_ms[n // 2] if n % 2 == 1 else 0.5 * (sorted_ms[n // 2 - 1] + sorted_ms[n // 2])


def p90(sorted_ms):
    return sorted_ms[min(len(sorted_ms) - 1, math.floor(0.9 * len(sorted_ms)))]


def build(torch, m, optimizer, seed):
    """The W1 model, data and optimiser; returns (ew_step, jacobian_step, params)."""
    import torch.nn as nn
    import torch.nn.functional as F
    torch.manual_seed(seed)

    encoder = nn.Sequential(nn.Linear(INPUT, HIDDEN1), nn.ReLU(), nn.Linear(HIDDEN1, HIDDEN2), nn.ReLU())
    heads = nn.ModuleList([nn.Linear(HIDDEN2, CLASSES) for _ in range(m)])
    shared = list(encoder.parameters())
    head_params = list(heads.parameters())
    params = shared + head_params
    if optimizer == "sgd":
        opt = torch.optim.SGD(params, lr=0.01)
    else:
        opt = torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    x = torch.rand(BATCH, INPUT)
    ys = [torch.randint(0, CLASSES, (BATCH,)) for _ in range(m)]

    def losses():
        z = encoder(x)
        return [F.cross_entropy(h(z), y) for h, y in zip(heads, ys)]

    def ew_step():
        opt.zero_grad(set_to_none=True)
        sum(losses()).backward()
        opt.step()

    sizes = [p.numel() for p in shared]
    total = sum(sizes)
    jac = torch.empty(m, total)
    weights = torch.ones(1, m)
    direction = torch.empty(1, total)
    offset = 0
    for p, n in zip(shared, sizes):
        # the shared .grad are views of `direction`, so d = w J lands in them without a copy
        p.grad = direction[0, offset:offset + n].view_as(p)
        offset += n

    def jacobian_step():
        ls = losses()
        for i, loss in enumerate(ls):
            grads = torch.autograd.grad(loss, shared, retain_graph=True)
            torch.cat([g.reshape(-1) for g in grads], out=jac[i])
        head_grads = torch.autograd.grad(sum(ls), head_params)
        for p, g in zip(head_params, head_grads):
            p.grad = g
        torch.mm(weights, jac, out=direction)
        opt.step()

    return ew_step, jacobian_step, params


def timed(step, n):
    ms = []
    for _ in range(n):
        t0 = time.perf_counter()
        step()
        ms.append((time.perf_counter() - t0) * 1e3)
    return ms


def serve(step, header):
    """Answers block requests from stdin until a line 0 or the end of stdin; returns the exit code."""
    print(json.dumps(dict(header, ready=True)), flush=True)
    for line in sys.stdin:
        text = line.strip()
        try:
            n = int(text)
        except ValueError:
            n = -1
        if n < 0:
            print(f"w1_step.py: a block request must be an integer >= 0, found '{text}'", file=sys.stderr)
            return 2
        if n == 0:
            return 0
        print(json.dumps({"stepsMs": timed(step, n)}), flush=True)
    return 0


def main(argv):
    args = parse_args(argv)
    try:
        import torch
    except ImportError as e:
        print(f"w1_step.py: cannot import torch with {sys.executable} ({e}); run scripts/install-torch.sh",
              file=sys.stderr)
        return 3
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    if args.probe:
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}))
        return 0
    ew_step, jacobian_step, _ = build(torch, args.m, args.optimizer, args.seed)
    m = args.m
    step = ew_step if args.mode == "ew" else jacobian_step
    for _ in range(args.warmup):
        step()
    header = {"mode": args.mode, "m": m, "optimizer": args.optimizer, "threads": torch.get_num_threads(),
              "torch": torch.__version__}
    if args.serve:
        return serve(step, header)
    ms = timed(step, args.steps)
    s = sorted(ms)
    print(json.dumps(dict(header, medianMs=median(s), minMs=s[0], p90Ms=p90(s), stepsMs=ms)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
