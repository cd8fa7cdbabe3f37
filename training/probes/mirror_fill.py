# /usr/bin/python3 -m training.probes.mirror_fill N (from the repository root)
"""How far the mirror itself is from the truth in a painted eye: the hole filled with the face's
known pixels mirrored left-right (what model/mirror.py hands stages 2 and 3), shifted by a few
pixels each way, and with the best shift per face. Compared with eye_error's figure for the
network (mean |out - truth| inside the hole, 0-255, one-eye holes: the other eye is visible)."""
import sys

import numpy as np

from training.probes.painted_eyes import eval_files, hole_error, painted_eyes

faces, masks, kinds = painted_eyes(eval_files(int(sys.argv[1])))
truth = faces.astype(np.float32)
mirror = truth[:, :, ::-1]
for s in (-2, -1, 0, 1, 2):
    print("mirror shifted %+d px: one-eye hole error %.2f" % (s, hole_error(np.roll(mirror, s, axis=2), truth, masks, kinds)[0]))
best = [min(np.abs(np.roll(mirror[i], s, axis=1) - truth[i]).mean(-1)[masks[i] > 0].mean() for s in range(-4, 5))
        for i in range(len(truth)) if kinds[i] == 1]
print("best shift per face (-4..4 px): one-eye hole error %.2f" % np.mean(best))
# the same with each face's mean colour in the hole matched to the truth's (an oracle for lighting):
# what is left is the shape (where the other eye lies, its pose)
matched = []
for i in range(len(truth)):
    if kinds[i] != 1:
        continue
    h = masks[i] > 0
    m = mirror[i] + (truth[i][h].mean(0) - mirror[i][h].mean(0))
    matched.append(np.abs(m - truth[i]).mean(-1)[h].mean())
print("mirror with the hole's mean colour matched: one-eye hole error %.2f" % np.mean(matched))
