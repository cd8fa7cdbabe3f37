# /usr/bin/python3 -m training.probes.copy_gate_terms CKPT GATE_BIAS [EYES] (from the repository root)
"""Which of stage 3's loss terms open and which close the mirror copy's gate (model/copy.py) over
painted eyes: the gradient of each term with respect to the gate's bias, its weights (and its
trunk's last conv, model.copy_gate_trunk) at zero (the gate the same everywhere,
sigmoid(GATE_BIAS)), on the one-eye holes (EYES=1, the default) or the both-eye holes (EYES=2) of
the first 48 evaluation faces (painted_eyes.py), z = 0. Each term is taken over the whole painted hole, as if
loss.free_parts did not free it. A positive gradient closes the gate (the term is lower with less
of the copy). CKPT needs the model's copy and both discriminators (a run's ckpt.pt)."""
import sys, torch
from training import losses
from training.checkpoint import load, float_state, load_new_parts
from training.config import Config
from training.model import build_generator, build_discriminator, build_part_discriminator
from training.model.facerec import load_facerec
from training.train import face_terms, generator_gan_terms
from training.probes.painted_eyes import eval_files, painted_eyes
torch.set_num_threads(2)
ck = load(sys.argv[1])
cfg = Config.from_dict(ck["config"]); lc = cfg.loss
g = build_generator(cfg); g.load_state_dict(float_state(ck["g"]), strict=False); g.eval(); g.prior.set_noise_mode("const")
g.refine.copy_attn.copy_gate.weight.data.zero_(); g.refine.copy_attn.copy_gate.bias.data.fill_(float(sys.argv[2]))
if g.refine.copy_attn.copy_gate_trunk is not None:
    g.refine.copy_attn.copy_gate_trunk[-1].weight.data.zero_(); g.refine.copy_attn.copy_gate_trunk[-1].bias.data.zero_()
d = build_discriminator(cfg); d.load_state_dict(float_state(ck["d"]))
dp = build_part_discriminator(cfg); dp.load_state_dict(float_state(ck["d_part"]))
fr = load_facerec()
faces, masks, kinds = painted_eyes(eval_files(48))
sel = kinds == (int(sys.argv[3]) if len(sys.argv) > 3 else 1)
x = torch.from_numpy(faces[sel]).permute(0, 3, 1, 2).float().div(127.5).sub(1)
m = torch.from_numpy(masks[sel]).float()[:, None]
boxes = [[b for b in Config().data.part_boxes["utkface"]]] * len(x)
rois = losses.part_rois(boxes, 128)
b = g.refine.copy_attn.copy_gate.bias
def grad(fn):
    g.zero_grad()
    o = g(x, m, torch.zeros(len(x), 64))
    v = fn(o); v.backward()
    return float(v), float(b.grad)
terms = {
  "hole L1 (full res, if not freed)": lambda o: losses.masked_l1(o.output, x, m, 1.0, 0.0),
  "lowres L1 (1/8)": lambda o: losses.lowres_hole_l1(o.output, x, m, 8),
  "identity": lambda o: face_terms(fr, o.output_composite, x, lc)["id"],
  "face features": lambda o: face_terms(fr, o.output_composite, x, lc)["ff"],
  "adv (whole)": lambda o: generator_gan_terms(d, d, o.output_composite, x, m, lc.adv, lc.feat_match)[0],
  "fm (whole)": lambda o: generator_gan_terms(d, d, o.output_composite, x, m, lc.adv, lc.feat_match)[1],
  "part adv": lambda o: generator_gan_terms(dp, dp, *[losses.part_crops(t, rois, lc.part_size) for t in (o.output_composite, x, m)], lc.part_adv, lc.part_fm)[0],
  "part fm": lambda o: generator_gan_terms(dp, dp, *[losses.part_crops(t, rois, lc.part_size) for t in (o.output_composite, x, m)], lc.part_adv, lc.part_fm)[1],
  "detail": lambda o: lc.detail * losses.detail_loss(o.output_composite, x, m, oriented=lc.detail_oriented, aniso=lc.detail_aniso, whole=lc.detail_whole),
}
print("gate", torch.sigmoid(torch.tensor(float(sys.argv[2]))).item(), "faces", len(x))
for k, fn in terms.items():
    v, gr = grad(fn)
    print(f"{k:34s} value {v:8.4f}  d/d(gate bias) {gr:+.5f}  ({'closes' if gr > 0 else 'opens'})")
