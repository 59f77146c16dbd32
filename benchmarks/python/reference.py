"""PyTorch references for vitp, run on a machine that has PyTorch (not part of the Maven build).

1. internvit: a faithful InternViT forward (InternVL's modeling_intern_vit semantics: conv patch
   embedding, CLS, learned positions bicubic-resized with align_corners=False, pre-norm blocks with
   ls1/ls2, exact GELU, no final norm) on a tiny random checkpoint saved in the HuggingFace layout
   (config.json + model.safetensors). Features are saved for vitp's parity test.
2. bicubic: F.interpolate(mode="bicubic", align_corners=False) cases for vitp's Bicubic test.
4. load-hf: builds the reference InternViT from a HuggingFace folder's config.json (as `vitp
   export-backbone --out DIR` writes it), loads its model.safetensors with strict=True (every key
   the model has, nothing else) and writes the CLS features of a fixed image to
   OUT/hf-features.json, for vitp's export test.
3. bench: PyTorch-eager training throughput of a vitp ViTP preset (nano or tiny: same
   architecture, same step: forward, backward, AdamW) with N threads, peak RSS and sgemm peak;
   with --inference, the ViT's forward alone under torch.inference_mode (as `vitp bench
   --inference` and `vitp embed` run it; nano, tiny or internvit-300m).

Usage: python3 reference.py OUT_DIR [--threads 2] [--steps 30] [--bench-only]
       [--preset nano|tiny|internvit-300m] [--batch 8] [--drop-ratio R (default: 0 and 0.75)]
       [--inference] [--warmup 5]
       python3 reference.py OUT_DIR --load-hf HF_FOLDER
(--bench-only runs part 3 alone, e.g. with Debian's python3-torch on the 2-core dev machine, so
that PyTorch eager and vitp's `vitp bench` are measured side by side on the same cores.)
"""
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
try:
    from safetensors.torch import save_file
except ImportError:  # only the reference cases need it; --bench-only does not
    save_file = None


# ---------------------------------------------------------------- InternViT (reference forward)
class Attention(nn.Module):
    def __init__(self, dim, heads, qkv_bias):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, causal=False):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        att = (q * (c // self.heads) ** -0.5) @ k.transpose(-2, -1)
        if causal:
            mask = torch.ones(n, n, dtype=torch.bool).triu(1)
            att = att.masked_fill(mask, float("-inf"))
        x = att.softmax(-1) @ v
        return self.proj(x.transpose(1, 2).reshape(b, n, c))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))  # exact (erf) GELU


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_ratio, qkv_bias, ls_init, eps, causal=False):
        super().__init__()
        self.causal = causal
        self.norm1 = nn.LayerNorm(dim, eps=eps)
        self.attn = Attention(dim, heads, qkv_bias)
        self.norm2 = nn.LayerNorm(dim, eps=eps)
        self.mlp = Mlp(dim, mlp_ratio * dim)
        self.ls1 = nn.Parameter(ls_init * torch.ones(dim)) if ls_init else None
        self.ls2 = nn.Parameter(ls_init * torch.ones(dim)) if ls_init else None

    def forward(self, x):
        a = self.attn(self.norm1(x), self.causal)
        x = x + (a * self.ls1 if self.ls1 is not None else a)
        m = self.mlp(self.norm2(x))
        return x + (m * self.ls2 if self.ls2 is not None else m)


class Embeddings(nn.Module):
    def __init__(self, dim, image, patch):
        super().__init__()
        self.patch = patch
        self.grid = image // patch
        self.class_embedding = nn.Parameter(torch.randn(1, 1, dim))
        self.patch_embedding = nn.Conv2d(3, dim, patch, patch)
        self.position_embedding = nn.Parameter(torch.randn(1, 1 + self.grid ** 2, dim))

    def forward(self, pixels):
        x = self.patch_embedding(pixels)
        b, c, h, w = x.shape
        x = x.flatten(2).transpose(1, 2)
        cls = self.class_embedding.expand(b, 1, -1)
        pos = self.position_embedding
        grid = pos[:, 1:].reshape(1, self.grid, self.grid, -1).permute(0, 3, 1, 2)
        if (h, w) != (self.grid, self.grid):
            grid = F.interpolate(grid.float(), size=(h, w), mode="bicubic", align_corners=False)
        grid = grid.reshape(1, c, h * w).permute(0, 2, 1)
        return torch.cat([cls, x], 1) + torch.cat([pos[:, :1], grid], 1)


class InternViT(nn.Module):
    def __init__(self, dim, depth, heads, image, patch, ls_init=0.1, eps=1e-6, qkv_bias=True,
                 mlp_ratio=4):
        super().__init__()
        self.embeddings = Embeddings(dim, image, patch)
        self.encoder = nn.Module()
        self.encoder.layers = nn.ModuleList(
            [Block(dim, heads, mlp_ratio, qkv_bias, ls_init, eps) for _ in range(depth)])

    def forward(self, pixels, layers=None):
        x = self.embeddings(pixels)
        for blk in self.encoder.layers[:layers]:
            x = blk(x)
        return x  # InternViT-300M: no final norm; pooled output would be x[:, 0]


def internvit_case(out):
    torch.manual_seed(1234)
    cfg = dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, patch_size=8,
               image_size=32, layer_norm_eps=1e-6, qkv_bias=True, qk_normalization=False,
               norm_type="layer_norm", intermediate_size=256, initializer_factor=0.1,
               drop_path_rate=0.0, architectures=["InternVisionModel"])
    model = InternViT(64, 2, 4, 32, 8).eval()
    with torch.no_grad():  # random, non-trivial weights everywhere (norms and layer scales too)
        for name, p in model.named_parameters():
            if name.endswith("ls1") or name.endswith("ls2"):
                p.copy_(0.1 + 0.05 * torch.randn_like(p))
            elif "norm" in name and name.endswith("weight"):
                p.copy_(1 + 0.1 * torch.randn_like(p))
            else:
                p.copy_(0.2 * torch.randn_like(p))
    d = os.path.join(out, "internvit-tiny")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    save_file({k: v.contiguous() for k, v in model.state_dict().items()},
              os.path.join(d, "model.safetensors"))
    g = torch.Generator().manual_seed(7)
    images32 = torch.randn(2, 3, 32, 32, generator=g)
    images48 = torch.randn(2, 3, 48, 48, generator=g)
    with torch.no_grad():
        feats32 = model(images32)
        feats48 = model(images48)
    save_file({"images32": images32, "features32": feats32, "images48": images48,
               "features48": feats48}, os.path.join(d, "expected.safetensors"))
    print("internvit: features32", tuple(feats32.shape), "features48", tuple(feats48.shape))


def bicubic_case(out):
    g = torch.Generator().manual_seed(3)
    cases = {}
    for (h, w, oh, ow) in [(7, 7, 11, 11), (14, 14, 16, 16), (32, 32, 24, 24), (5, 3, 2, 9)]:
        x = torch.randn(1, 2, h, w, generator=g)
        y = F.interpolate(x, size=(oh, ow), mode="bicubic", align_corners=False)
        cases[f"in_{h}x{w}_{oh}x{ow}"] = x.contiguous()
        cases[f"out_{h}x{w}_{oh}x{ow}"] = y.contiguous()
    save_file(cases, os.path.join(out, "bicubic.safetensors"))
    print("bicubic: cases", len(cases) // 2)


# ---------------------------------------------------------------- ViTP presets (training benchmark)
# vitp's presets with a language decoder (api/.../model/Presets.java): ViT (image, patch, width,
# depth, heads) -> pixel shuffle 0.5 -> mlp1 -> LM (width, depth, heads, text tokens).
PRESETS = {
    "nano": dict(image=64, patch=8, vit=(128, 4, 4), lm=(128, 2, 4), text=48),
    "tiny": dict(image=96, patch=8, vit=(192, 6, 3), lm=(256, 4, 4), text=64),
    "internvit-300m": dict(image=448, patch=14, vit=(1024, 24, 16)),  # backbone only
}
VOCAB = 512  # TrainingBench.VOCAB


class Vitp(nn.Module):
    """The ViTP model of a vitp preset: the same layers and the same training step as `vitp bench`."""

    def __init__(self, preset):
        super().__init__()
        p = PRESETS[preset]
        vw, vd, vh = p["vit"]
        lw, ld, lh = p["lm"]
        self.image_tokens = (p["image"] // p["patch"] // 2) ** 2
        self.vit = InternViT(vw, vd, vh, p["image"], p["patch"], ls_init=0)
        self.mlp1 = nn.Sequential(nn.LayerNorm(4 * vw, eps=1e-6), nn.Linear(4 * vw, lw), nn.GELU(),
                                  nn.Linear(lw, lw))
        self.embed_tokens = nn.Embedding(VOCAB, lw)
        self.embed_positions = nn.Parameter(0.02 * torch.randn(self.image_tokens + p["text"], lw))
        self.layers = nn.ModuleList([Block(lw, lh, 4, True, 0, 1e-6, causal=True)
                                     for _ in range(ld)])
        self.norm = nn.LayerNorm(lw, eps=1e-6)
        self.lm_head = nn.Linear(lw, VOCAB, bias=False)

    def forward(self, images, ids, targets, keep):
        x = self.vit(images)[:, 1:]
        b, n, c = x.shape
        g = int(math.isqrt(n))
        x = x.reshape(b, g // 2, 2, g // 2, 2, c).permute(0, 1, 3, 2, 4, 5).reshape(b, -1, 4 * c)
        m = self.image_tokens
        img = self.mlp1(x) + self.embed_positions[:m]
        if keep is not None:
            img = img.gather(1, keep.unsqueeze(-1).expand(-1, -1, img.shape[-1]))
        t = ids.shape[1]
        txt = self.embed_tokens(ids) + self.embed_positions[m:m + t]
        h = torch.cat([img, txt], 1)
        for blk in self.layers:
            h = blk(h)
        logits = self.lm_head(self.norm(h)[:, -t:])
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1),
                               ignore_index=-100)


def sgemm_peak_gflops(size=1024, tries=10):
    """Best of `tries` size^3 float32 matmuls, as `vitp bench` measures its backends' peak."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    best = float("inf")
    for _ in range(tries):
        t0 = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t0)
    return 2 * size ** 3 / best / 1e9


def bench_case(out, threads, steps, preset="nano", batch=8, ratios=(0.0, 0.75), warmup=5):
    """Median images/s of full training steps (forward, backward, clip, AdamW) after warm-ups;
    peak RSS is this process's (run one setting per process to compare it with vitp's)."""
    import resource
    torch.set_num_threads(threads)
    results = []
    text = PRESETS[preset]["text"]
    image = PRESETS[preset]["image"]
    for ratio in ratios:
        torch.manual_seed(0)
        model = Vitp(preset)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
        images = torch.randn(batch, 3, image, image)
        ids = torch.randint(0, VOCAB, (batch, text))
        targets = ids.roll(-1, 1)
        targets[:, :text // 3] = -100
        kept = math.ceil((1 - ratio) * model.image_tokens)
        times = []
        for i in range(steps + warmup):
            keep = None
            if ratio > 0:
                keep = torch.stack([torch.randperm(model.image_tokens)[:kept].sort().values
                                    for _ in range(batch)])
            t0 = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            loss = model(images, ids, targets, keep)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            if i >= warmup:
                times.append(time.perf_counter() - t0)
        ms = statistics.median(times) * 1000
        results.append({"backend": "pytorch-eager-python", "preset": preset, "batch": batch,
                        "drop_ratio": ratio, "threads": threads, "torch": torch.__version__,
                        "step_ms_median": round(ms, 2),
                        "images_per_s": round(batch / (ms / 1000), 1),
                        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                             / 1024, 1),
                        "matmul_peak_gflops": round(sgemm_peak_gflops(), 1)})
        print(json.dumps(results[-1]))
    with open(os.path.join(out, f"bench_{preset}_b{batch}_threads{threads}.json"), "w") as f:
        json.dump(results, f, indent=2)


def inference_case(out, threads, steps, warmup, preset, batch):
    """Median images/s of the ViT's forward (every block, CLS feature) under inference_mode."""
    import resource
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    p = PRESETS[preset]
    width, depth, heads = p["vit"]
    ls_init = 0.1 if preset.startswith("internvit") else 0
    vit = InternViT(width, depth, heads, p["image"], p["patch"], ls_init=ls_init).eval()
    images = torch.randn(batch, 3, p["image"], p["image"])
    times = []
    with torch.inference_mode():
        for i in range(steps + warmup):
            t0 = time.perf_counter()
            vit(images)[:, 0].contiguous()
            if i >= warmup:
                times.append(time.perf_counter() - t0)
    ms = statistics.median(times) * 1000
    result = {"mode": "inference", "backend": "pytorch-eager-python", "preset": preset,
              "batch": batch, "drop_ratio": 0.0, "threads": threads, "torch": torch.__version__,
              "step_ms_median": round(ms, 2), "images_per_s": round(batch / (ms / 1000), 2),
              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
              "matmul_peak_gflops": round(sgemm_peak_gflops(), 1)}
    print(json.dumps(result))
    with open(os.path.join(out, f"inference_{preset}_b{batch}_threads{threads}.json"), "w") as f:
        json.dump(result, f, indent=2)


def read_safetensors(path):
    """A float32 safetensors file as a state dict (the format is an 8-byte header length, a JSON
    header and the raw data), so that this check needs no package beyond torch."""
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: expected F32, got {info['dtype']}")
        start, end = info["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[start:end]),
                                         dtype=torch.float32).reshape(info["shape"])
    return tensors


def fixed_image(size):
    """The image vitp's export test feeds too: channel c, row y, column x -> sin(0.37 c + 0.11 y
    + 0.07 x)."""
    c = torch.arange(3, dtype=torch.float64).reshape(3, 1, 1)
    y = torch.arange(size, dtype=torch.float64).reshape(1, size, 1)
    x = torch.arange(size, dtype=torch.float64).reshape(1, 1, size)
    return torch.sin(0.37 * c + 0.11 * y + 0.07 * x).float().unsqueeze(0)


def load_hf_case(out, folder):
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    dim = cfg["hidden_size"]
    model = InternViT(dim, cfg["num_hidden_layers"], cfg["num_attention_heads"],
                      cfg["image_size"], cfg["patch_size"], ls_init=cfg["initializer_factor"],
                      eps=cfg["layer_norm_eps"], qkv_bias=cfg["qkv_bias"],
                      mlp_ratio=cfg["intermediate_size"] // dim).eval()
    state = read_safetensors(os.path.join(folder, "model.safetensors"))
    model.load_state_dict(state, strict=True)  # raises on a missing or unexpected key
    with torch.no_grad():
        cls = model(fixed_image(cfg["image_size"]))[0, 0]
    result = {"strict": True, "keys": len(state), "cls": cls.tolist()}
    with open(os.path.join(out, "hf-features.json"), "w") as f:
        json.dump(result, f)
    print("load-hf: loaded", len(state), "tensors strictly; CLS feature of", dim)


def option(name, default, kind=str):
    return kind(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


if __name__ == "__main__":
    out = sys.argv[1]
    threads = option("--threads", 2, int)
    steps = option("--steps", 30, int)
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(threads)
    if "--load-hf" in sys.argv:
        load_hf_case(out, option("--load-hf", None))
        sys.exit(0)
    if "--inference" in sys.argv:
        inference_case(out, threads, steps, option("--warmup", 5, int), option("--preset", "nano"),
                       option("--batch", 8, int))
        sys.exit(0)
    if "--bench-only" not in sys.argv:
        internvit_case(out)
        bicubic_case(out)
    ratios = (option("--drop-ratio", None, float),) if "--drop-ratio" in sys.argv else (0.0, 0.75)
    bench_case(out, threads, steps, option("--preset", "nano"), option("--batch", 8, int), ratios,
               option("--warmup", 5, int))
