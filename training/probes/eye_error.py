# /usr/bin/python3 -m training.probes.eye_error N CKPT... (from the repository root)
"""Hole error on painted eyes (UTKFace eval faces 0..N, left eye / right eye / both in turn) per checkpoint:
mean |out - truth| inside the hole (0-255), for one-eye holes (the other eye visible) and both-eye holes."""
import sys, cv2, numpy as np, torch
from training.checkpoint import load_generator
from training.data import list_images, load_face
from training.config import Config
torch.set_num_threads(1)
N = int(sys.argv[1]); ckpts = sys.argv[2:]
cfg = Config(); R = 128
boxes = cfg.data.part_boxes["utkface"]
files = list_images(cfg.data.eval_dir)[:N]
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
for c in ckpts:
    g, _, meta = load_generator(c)
    with torch.no_grad():
        o = g(x, m, torch.zeros(len(x), 64))
    out = ((o.output_composite.clamp(-1, 1) + 1) * 127.5).permute(0, 2, 3, 1).numpy()
    err = np.abs(out - faces).mean(-1)
    per = np.array([err[i][masks[i] > 0].mean() for i in range(len(faces))])
    print(c.split('/')[-1], meta["step"], "one-eye %.2f  both %.2f" % (per[kinds == 1].mean(), per[kinds == 2].mean()))
