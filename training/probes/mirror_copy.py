# /usr/bin/python3 -m training.probes.mirror_copy CKPT OUT.png (from the repository root)
"""What stage 3 does with the other eye when its mirror conv is given a copy of the full-resolution
conv's own weights (image channels, or the structure composite's), at a scale: one-eye / both-eye
hole error (0-255) on 60 eval faces, and a probe grid."""
import sys, copy, cv2, numpy as np, torch
from training.checkpoint import load_generator
from training.data import list_images, load_face
from training.config import Config
torch.set_num_threads(1)
cfg = Config(); R = 128
boxes = cfg.data.part_boxes["utkface"]
files = list_images(cfg.data.eval_dir)[:60]
faces, masks, kinds = [], [], []
for i, f in enumerate(files):
    face = load_face(f, R)
    kind = ([0], [1], [0, 1])[i % 3]
    m = np.zeros((R, R), np.uint8)
    for j in kind:
        cx, cy, w, h = boxes[j]
        cv2.ellipse(m, (int(cx * R), int(cy * R)), (int(w * 1.2 * R / 2), int(h * 1.2 * R / 2)), 0, 0, 360, 1, -1)
    faces.append(face); masks.append(m); kinds.append(len(kind))
faces, masks, kinds = np.stack(faces), np.stack(masks), np.array(kinds)
x = torch.from_numpy(faces).permute(0, 3, 1, 2).float().div(127.5).sub(1)
m = torch.from_numpy(masks).float()[:, None]
g0, _, meta = load_generator(sys.argv[1])
full0 = g0.refine.full[0][0]
W = full0.weight.data  # [out, c+7, 3, 3]
c = W.shape[1] - 7
cols = [faces * (1 - masks[..., None]) + 255 * masks[..., None]]
for name, chans, scale in [("as is", None, 0), ("image x1", (c, c + 4), 1.0), ("composite x1", (c + 4, c + 7), 1.0), ("composite x0.5", (c + 4, c + 7), 0.5)]:
    g = copy.deepcopy(g0)
    if chans:
        wm = torch.zeros_like(g.refine.mirror_full.conv.weight)
        n = chans[1] - chans[0]
        wm[:, :n] = W[:, chans[0]:chans[1]] * scale
        g.refine.mirror_full.conv.weight.data = wm
    with torch.no_grad():
        o = g(x, m, torch.zeros(len(x), 64))
    out = ((o.output_composite.clamp(-1, 1) + 1) * 127.5).permute(0, 2, 3, 1).numpy()
    err = np.abs(out - faces).mean(-1)
    per = np.array([err[i][masks[i] > 0].mean() for i in range(len(faces))])
    print("%-16s one-eye %.2f  both %.2f" % (name, per[kinds == 1].mean(), per[kinds == 2].mean()))
    cols.append(out.round().astype(np.uint8))
cols.append(faces)
rows = [np.hstack([cc[i][20:70, 10:118] for cc in cols]) for i in range(0, 24, 2)]
grid = np.vstack(rows).astype(np.uint8)
cv2.imwrite(sys.argv[2], cv2.cvtColor(cv2.resize(grid, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC), cv2.COLOR_RGB2BGR))
