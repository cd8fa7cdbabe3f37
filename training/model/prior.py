"""Stage 1, the identity/structure prior: a pSp-style encoder and a StyleGAN2-style generator.

ISFRNet's first stage is a pSp encoder feeding a pre-trained StyleGAN that "imagines" a whole,
realistic face. No pretrained StyleGAN exists here, so both halves are trained by us:

- `StyleEncoder` (pSp): a convolution pyramid over the masked face and its mask, R -> 4,
  with a top-down feature pyramid; three map-to-style heads read the coarse (4x4), medium
  (R/8) and fine (R/4) features and emit the W+ codes for their synthesis layers.
- `Mapping`: a small MLP turns the latent z [B, Z] into one style offset per W+ code, so
  that different z give different plausible faces for the same hole.
- `Synthesis` (StyleGAN2): a learned 4x4 constant, per resolution two modulated/demodulated
  3x3 convolutions with noise, and a skip toRGB output summed across resolutions.

`Prior(image, mask, z) -> face`: image [B,3,R,R] in [-1,1] with holes set to 0,
mask [B,1,R,R] (1 = hole), z [B,Z]; returns [B,3,R,R] in [-1,1] (tanh).
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn

from .layers import ConvAct, ModulatedConv, NoiseInjection, act, up2


class MapToStyle(nn.Module):
    """pSp map2style: stride-2 convs down to 1x1, then a linear layer to `n` style vectors.
    feature [B, C, S, S] -> [B, n, w_dim]."""

    def __init__(self, cin: int, size: int, n: int, w_dim: int, width: int = 64):
        super().__init__()
        layers, c = [], cin
        for _ in range(int(math.log2(size))):
            layers.append(ConvAct(c, width, stride=2))
            c = width
        self.convs = nn.Sequential(*layers)
        self.linear = nn.Linear(c, n * w_dim)
        self.n, self.w_dim = n, w_dim

    def forward(self, feat: torch.Tensor) -> torch.Tensor:
        x = self.convs(feat).flatten(1)                     # [B, width]
        return self.linear(x).view(-1, self.n, self.w_dim)


class StyleEncoder(nn.Module):
    """pSp-style encoder. (image, mask) [B,4,R,R] -> W+ codes [B, num_ws, w_dim]."""

    def __init__(self, resolution: int, channels: list[int], num_ws: int, w_dim: int):
        super().__init__()
        levels = int(math.log2(resolution)) - 2             # R -> R/2 -> ... -> 4
        assert len(channels) == levels, f"enc_channels needs {levels} entries for R={resolution}"
        self.down = nn.ModuleList()
        c = 4
        for ch in channels:
            self.down.append(nn.Sequential(ConvAct(c, ch, stride=2), ConvAct(ch, ch)))
            c = ch
        # feature sizes: R/2, R/4, ..., 4. Fine styles from R/4, medium from R/8, coarse from 4.
        self.fine_i, self.medium_i = 1, min(2, levels - 1)
        top = channels[-1]
        # medium features are R/2^(medium_i+1) wide, coarse ones 4: a fixed scale factor keeps
        # every shape static in the ONNX graph (a size= taken from a tensor's shape would not)
        self.coarse_to_medium = (resolution >> (self.medium_i + 1)) / 4
        self.lat_medium = nn.Conv2d(channels[self.medium_i], top, 1)
        self.lat_fine = nn.Conv2d(channels[self.fine_i], top, 1)
        n_coarse = min(4, num_ws)
        n_medium = (num_ws - n_coarse) // 2
        n_fine = num_ws - n_coarse - n_medium
        self.heads = nn.ModuleList([
            MapToStyle(top, 4, n_coarse, w_dim),
            MapToStyle(top, resolution >> (self.medium_i + 1), n_medium, w_dim),
            MapToStyle(top, resolution >> (self.fine_i + 1), n_fine, w_dim),
        ])

    def forward(self, image: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = torch.cat([image, mask], 1)
        feats = []
        for block in self.down:
            x = block(x)
            feats.append(x)
        coarse = feats[-1]
        medium = self.lat_medium(feats[self.medium_i])
        fine = self.lat_fine(feats[self.fine_i])
        # top-down pathway (pSp's FPN): upsample the coarser map and add it
        if self.coarse_to_medium != 1:
            medium = medium + nn.functional.interpolate(coarse, scale_factor=self.coarse_to_medium, mode="bilinear", align_corners=False)
        else:
            medium = medium + coarse
        fine = fine + up2(medium)
        return torch.cat([self.heads[0](coarse), self.heads[1](medium), self.heads[2](fine)], 1)


class Mapping(nn.Module):
    """z [B, Z] -> per-code style offsets [B, num_ws, w_dim] (a 2-layer MLP, then one linear)."""

    def __init__(self, z_dim: int, w_dim: int, num_ws: int):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(z_dim, w_dim), nn.LeakyReLU(0.2), nn.Linear(w_dim, w_dim), nn.LeakyReLU(0.2))
        self.to_ws = nn.Linear(w_dim, num_ws * w_dim)
        self.num_ws, self.w_dim = num_ws, w_dim

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.to_ws(self.mlp(z)).view(-1, self.num_ws, self.w_dim)


class SynthesisBlock(nn.Module):
    """One resolution of the generator: (up + modconv), modconv, noise, toRGB (skip)."""

    def __init__(self, cin: int, cout: int, w_dim: int, resolution: int, first: bool):
        super().__init__()
        self.first = first
        if not first:
            self.conv0 = ModulatedConv(cin, cout, w_dim, up=True)
            self.noise0 = NoiseInjection(resolution)
        self.conv1 = ModulatedConv(cout if not first else cin, cout, w_dim)
        self.noise1 = NoiseInjection(resolution)
        self.torgb = ModulatedConv(cout, 3, w_dim, k=1, demodulate=False)

    def forward(self, x, rgb, ws):
        """x [B,cin,r/2,r/2] (or the constant), rgb [B,3,r/2,r/2] or None, ws [B,3,w_dim]."""
        if not self.first:
            x = act(self.noise0(self.conv0(x, ws[:, 0])))
        x = act(self.noise1(self.conv1(x, ws[:, 1])))
        y = self.torgb(x, ws[:, 2])
        return x, y if rgb is None else up2(rgb) + y


class Synthesis(nn.Module):
    """StyleGAN2-style generator, 4x4 -> R. ws [B, num_ws, w_dim] -> image [B,3,R,R] in [-1,1]."""

    def __init__(self, channels: list[int], w_dim: int):
        super().__init__()
        self.const = nn.Parameter(torch.randn(1, channels[0], 4, 4))
        self.blocks = nn.ModuleList()
        for i, ch in enumerate(channels):
            cin = channels[max(i - 1, 0)]
            self.blocks.append(SynthesisBlock(cin, ch, w_dim, 4 << i, first=(i == 0)))
        self.num_ws = 2 * len(channels)

    def forward(self, ws: torch.Tensor) -> torch.Tensor:
        x = self.const          # [1, C, 4, 4]: the first modulation broadcasts it to the batch
        rgb = None
        for i, block in enumerate(self.blocks):
            # block i uses codes 2i-1 (up conv), 2i (conv), 2i+1 (toRGB), as StyleGAN2 does
            idx = [max(2 * i - 1, 0), 2 * i, 2 * i + 1]
            x, rgb = block(x, rgb, ws[:, idx])
        return torch.tanh(rgb)


class Prior(nn.Module):
    """Stage 1. (image, mask, z) -> imagined whole face [B,3,R,R]; see the module docstring."""

    def __init__(self, resolution: int, enc_channels: list[int], synth_channels: list[int], w_dim: int, z_dim: int):
        super().__init__()
        assert 4 << (len(synth_channels) - 1) == resolution, "synth_channels must span 4..R"
        self.synthesis = Synthesis(synth_channels, w_dim)
        self.encoder = StyleEncoder(resolution, enc_channels, self.synthesis.num_ws, w_dim)
        self.mapping = Mapping(z_dim, w_dim, self.synthesis.num_ws)
        self.z_dim = z_dim

    def forward(self, image: torch.Tensor, mask: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        ws = self.encoder(image, mask) + self.mapping(z)    # W+ codes with z mixed in
        return self.synthesis(ws)

    def set_noise_mode(self, mode: str) -> None:
        for m in self.modules():
            if isinstance(m, NoiseInjection):
                m.mode = mode
