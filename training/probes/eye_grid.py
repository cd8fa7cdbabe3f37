# /usr/bin/python3 -m training.probes.eye_grid OUT.png CKPT... (from the repository root)
"""Painted-eye probe: eval faces with the left eye, the right eye, both painted (ellipse over the
UTKFace part box, 1.2x), through several checkpoints. Writes a 3x grid:
masked | ckpt1 stage2 | ckpt1 out | ckpt2 ... | original."""
import sys, cv2, numpy as np, torch
from training.checkpoint import load_generator
from training.data import list_images, load_face
from training.config import Config
torch.set_num_threads(1)
out_path, ckpts = sys.argv[1], sys.argv[2:]
cfg = Config(); R = 128
boxes = cfg.data.part_boxes["utkface"]
files = list_images(cfg.data.eval_dir)[:200:17][:10]
faces, masks = [], []
for i, f in enumerate(files):
    face = load_face(f, R)
    for kind in ([0], [1], [0, 1])[i % 3: i % 3 + 1]:
        m = np.zeros((R, R), np.uint8)
        for j in kind:
            cx, cy, w, h = boxes[j]
            cv2.ellipse(m, (int(cx * R), int(cy * R)), (int(w * 1.2 * R / 2), int(h * 1.2 * R / 2)), 0, 0, 360, 1, -1)
        faces.append(face); masks.append(m)
faces, masks = np.stack(faces), np.stack(masks)
x = torch.from_numpy(faces).permute(0, 3, 1, 2).float().div(127.5).sub(1)
m = torch.from_numpy(masks).float()[:, None]
cols = [faces * (1 - masks[..., None]) + 255 * masks[..., None]]
for c in ckpts:
    g, _, meta = load_generator(c)
    with torch.no_grad():
        o = g(x, m, torch.zeros(len(x), g.prior.z_dim if hasattr(g.prior, "z_dim") else 64))
    for t in (o.structure_composite, o.output_composite):
        cols.append(((t.clamp(-1, 1) + 1) * 127.5).round().permute(0, 2, 3, 1).numpy().astype(np.uint8))
    print(c, meta["step"])
cols.append(faces)
rows = [np.hstack([c[i][20:70, 10:118] for c in cols]) for i in range(len(faces))]
grid = np.vstack(rows).astype(np.uint8)
cv2.imwrite(out_path, cv2.cvtColor(cv2.resize(grid, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC), cv2.COLOR_RGB2BGR))
