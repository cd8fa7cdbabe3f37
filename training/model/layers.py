"""Small building blocks shared by the three stages.

All layers use only ops that ONNX Runtime's WASM and WebGPU execution providers run
natively (Conv, MatMul/Gemm, Mul/Add, LeakyRelu, Resize, Concat, Tanh, Clip).
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def act(x: torch.Tensor) -> torch.Tensor:
    return F.leaky_relu(x, 0.2)


class ConvAct(nn.Sequential):
    """3x3 (or kxk) convolution + LeakyReLU(0.2). x: [B, cin, H, W] -> [B, cout, H/stride, W/stride]."""

    def __init__(self, cin: int, cout: int, k: int = 3, stride: int = 1, dilation: int = 1):
        super().__init__(nn.Conv2d(cin, cout, k, stride, padding=dilation * (k // 2), dilation=dilation),
                         nn.LeakyReLU(0.2))


def up2(x: torch.Tensor) -> torch.Tensor:
    """Bilinear x2 upsampling (ONNX Resize, linear, half_pixel)."""
    return F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)


class Blur(nn.Module):
    """Fixed 3x3 binomial low-pass per channel ([1,2,1] x [1,2,1] / 16, edge-replicated border).
    [B,C,H,W] -> same. It removes what a layer can put at its grid's Nyquist frequency: a decoder
    level that alternates cell by cell draws a lattice once upsampled (see refine.py)."""

    def __init__(self, c: int):
        super().__init__()
        k = torch.tensor([1.0, 2.0, 1.0])
        self.register_buffer("kernel", (k[:, None] * k[None, :] / 16).expand(c, 1, 3, 3).clone(), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # the edge rows and columns repeated by slicing, not F.pad(mode="replicate"): that one
        # exports with pads computed at run time, which leaves ONNX shape inference (and the
        # bench's FLOP count) without static shapes; the result is the same
        x = torch.cat([x[:, :, :1], x, x[:, :, -1:]], 2)
        x = torch.cat([x[:, :, :, :1], x, x[:, :, :, -1:]], 3)
        return F.conv2d(x, self.kernel, groups=x.shape[1])


def luma(x: torch.Tensor) -> torch.Tensor:
    """[B,3,H,W] RGB -> [B,1,H,W] BT.601 luma."""
    return 0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3]


class ChromaBlur(nn.Module):
    """[B,3,H,W] RGB -> same: its colour (RGB less its luma) low-passed by a 5x5 binomial (Blur
    twice, sigma 1 px), its luma exactly as it was. Why: stage 3 drew thin horizontal holes (a
    brushed eye or mouth) with rainbow lines, yellow, blue and green a pixel apart, that show as
    coloured lines along a lid or a lip at the photo's size; a face's colour has no such detail
    (JPEG keeps it at half resolution), its brightness does. No weights."""

    def __init__(self):
        super().__init__()
        self.blur = Blur(3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b = self.blur(self.blur(x))
        return b + (luma(x) - luma(b))


def composite(image: torch.Tensor, mask: torch.Tensor, generated: torch.Tensor) -> torch.Tensor:
    """Known pixels from `image`, hole pixels (mask == 1) from `generated`. All [B, C, H, W]."""
    return image * (1 - mask) + generated * mask


class ModulatedConv(nn.Module):
    """StyleGAN2 modulated convolution, in its activation-scaling form.

    Scaling the input channels by the style, convolving with the shared weight and scaling
    the output channels by the demodulation coefficients is exactly weight modulation and
    demodulation (StyleGAN2's `fused_modconv=False` path), but it keeps a static weight, so
    training batches use one ordinary convolution and the ONNX graph is a plain Conv.

    x: [B, cin, H, W], w: [B, w_dim] -> [B, cout, H', W'] (H' = 2H when up=True).
    """

    def __init__(self, cin: int, cout: int, w_dim: int, k: int = 3, demodulate: bool = True, up: bool = False):
        super().__init__()
        self.affine = nn.Linear(w_dim, cin)
        nn.init.zeros_(self.affine.weight)
        nn.init.ones_(self.affine.bias)          # styles start at 1: the layer starts as a plain conv
        self.weight = nn.Parameter(torch.randn(cout, cin, k, k) / math.sqrt(cin * k * k))
        self.bias = nn.Parameter(torch.zeros(cout))
        self.demodulate, self.up, self.pad = demodulate, up, k // 2

    def forward(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        styles = self.affine(w)                                     # [B, cin]
        if self.up:
            x = up2(x)
        x = F.conv2d(x * styles[:, :, None, None], self.weight, padding=self.pad)
        if self.demodulate:
            wsq = self.weight.pow(2).sum(dim=(2, 3))                # [cout, cin]
            dcoef = torch.rsqrt(styles.pow(2) @ wsq.t() + 1e-8)     # [B, cout]
            x = x * dcoef[:, :, None, None]
        return x + self.bias[None, :, None, None]


class NoiseInjection(nn.Module):
    """Per-pixel noise with a learned strength (StyleGAN2).

    Training draws fresh noise. Export uses a fixed noise buffer ("const" mode, as StyleGAN2's
    own export does) so that the graphs contain no random ops; variety comes from `z`.
    x: [B, C, H, W] -> same.
    """

    def __init__(self, resolution: int):
        super().__init__()
        self.strength = nn.Parameter(torch.zeros(()))
        g = torch.Generator().manual_seed(resolution)
        self.register_buffer("noise_const", torch.randn(1, 1, resolution, resolution, generator=g))
        self.mode = "random"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.mode == "random":
            noise = torch.randn(x.shape[0], 1, x.shape[2], x.shape[3], device=x.device)
        else:
            noise = self.noise_const
        return x + noise * self.strength
