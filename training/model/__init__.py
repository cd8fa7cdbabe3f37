"""The ISFRNet model: three stages and the pipeline that chains them.

`build_generator(cfg)` and `build_discriminator(cfg)` make the modules from a Config.
`ISFRNet.forward(image, mask, z)` returns the three raw stage outputs and their
composites; between stages the known pixels are put back (DESIGN.md section 1).
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn as nn

from .discriminator import PatchDiscriminator
from .layers import composite
from .prior import Prior
from .refine import Refine
from .structure import Structure


@dataclass
class StageOutputs:
    prior: torch.Tensor
    prior_composite: torch.Tensor
    structure: torch.Tensor
    structure_composite: torch.Tensor
    output: torch.Tensor
    output_composite: torch.Tensor


class ISFRNet(nn.Module):
    """image [B,3,R,R] in [-1,1] (holes may hold anything: they are zeroed here),
    mask [B,1,R,R] (1 = hole), z [B,Z] -> StageOutputs, all [B,3,R,R].

    With `detach_stages`, each stage is trained by its own loss only, as if the earlier
    stage were pre-trained and fixed (the paper trains stage 1 first and uses it as it is);
    it also saves the backward pass through earlier stages.
    """

    def __init__(self, prior: Prior, structure: Structure, refine: Refine, detach_stages: bool = True):
        super().__init__()
        self.prior, self.structure, self.refine = prior, structure, refine
        self.detach_stages = detach_stages

    def forward(self, image: torch.Tensor, mask: torch.Tensor, z: torch.Tensor) -> StageOutputs:
        image = image * (1 - mask)
        cut = (lambda t: t.detach()) if self.detach_stages else (lambda t: t)
        p = self.prior(image, mask, z)
        pc = composite(image, mask, p)
        s = self.structure(image, mask, cut(pc))
        sc = composite(image, mask, s)
        o = self.refine(image, mask, cut(sc))
        return StageOutputs(p, pc, s, sc, o, composite(image, mask, o))


def build_generator(cfg) -> ISFRNet:
    m, r = cfg.model, cfg.data.resolution
    return ISFRNet(
        Prior(r, m.enc_channels, m.synth_channels, m.w_dim, m.z_dim),
        Structure(m.structure_width, m.structure_depth, m.mirror),
        Refine(m.refine_widths, m.refine_out_width, m.refine_dilations, m.refine_blur, m.mirror, m.copy,
               m.copy_relight, m.copy_gate_trunk, m.refine_chroma_blur, m.copy_shut_painted,
               m.copy_shut_large),
    )


def build_discriminator(cfg) -> PatchDiscriminator:
    return PatchDiscriminator(cfg.model.disc_width)


def build_part_discriminator(cfg) -> PatchDiscriminator:
    return PatchDiscriminator(cfg.model.part_disc_width or cfg.model.disc_width, cfg.model.part_disc_sn)
