import cv2
import numpy as np

from training.config import DataConfig
from training.masks import MaskBank, add_painted_regions, add_part_holes, random_mask


def test_hole_ratios_spread_over_the_training_range():
    rng = np.random.default_rng(3)
    ratios = np.array([random_mask(64, rng).mean() for _ in range(600)])
    assert ratios.min() >= 0.05 - 1e-9
    assert np.mean(ratios > 0.75) < 0.01
    # every 10%-wide bin of 5-65% gets a fair share (uniform would be 1/6 each)
    counts, _ = np.histogram(ratios, bins=np.linspace(0.05, 0.65, 7))
    assert counts.min() > 0.10 * len(ratios), counts


def test_masks_are_binary_and_vary():
    rng = np.random.default_rng(4)
    a, b = random_mask(64, rng), random_mask(64, rng)
    assert set(np.unique(a)) <= {0, 1}
    assert (a != b).any()


def test_bank_round_trip_and_augmentation(tmp_path):
    bank = MaskBank(str(tmp_path), n=20, r=32, min_hole=0.05, max_hole=0.65)
    again = MaskBank(str(tmp_path), n=20, r=32, min_hole=0.05, max_hole=0.65)   # from the cache file
    assert np.array_equal(bank.bits, again.bits)
    m = bank.sample(np.random.default_rng(0), 8)
    assert m.shape == (8, 1, 32, 32) and m.dtype == np.float32
    assert set(np.unique(m)) <= {0.0, 1.0} and 0.03 < m.mean() < 0.8


def test_part_holes_cover_an_eye_or_the_mouth_and_keep_the_bank_hole():
    boxes = DataConfig().part_boxes["utkface"]
    r, n = 64, 400
    base = np.zeros((n, 1, r, r), np.float32)
    base[:, :, :4, :4] = 1                                   # a bank hole that must survive
    parts = np.zeros_like(base)
    m = add_part_holes(base.copy(), [boxes] * n, np.random.default_rng(5), p=0.5, parts_out=parts)
    assert (m[:, :, :4, :4] == 1).all()
    assert ((m == 1) | (parts == 0)).all() and np.array_equal(parts[:, :, 8:, 8:] == 1, m[:, :, 8:, 8:] != base[:, :, 8:, 8:])
    changed = (m != base).reshape(n, -1).any(1)
    assert 0.4 < changed.mean() < 0.6                        # p of the masks, not all
    def covered(box):                                        # each box's centre pixel is a hole how often
        cx, cy = int(box[0] * r), int(box[1] * r)
        return m[changed, 0, cy, cx].mean()
    left, right, mouth = (covered(b) for b in boxes)
    assert min(left, right, mouth) > 0.2 and left + right + mouth > 0.95   # each painted over, one part at least
    assert m[changed].mean() < 0.5                           # a part, not the whole face


def test_the_evaluations_eye_boxes_are_the_trainings():
    # npm run eval's `eyes` bucket (src/lib/evalProtocol.ts, UTK_EYES) paints where training does
    import re
    from pathlib import Path
    ts = (Path(__file__).resolve().parents[2] / "src/lib/evalProtocol.ts").read_text()
    block = ts[ts.index("export const UTK_EYES"):]
    block = block[:block.index("];")]
    boxes = [[float(v) for v in row.split(",")] for row in re.findall(r"\[([\d.,\s]+)\]", block)]
    assert boxes == DataConfig().part_boxes["utkface"][:2]


def test_the_shift_moves_faces_sideways_by_at_most_its_reach():
    import torch
    from training.data import augment
    r = 32
    x = torch.zeros(64, 3, r, r)
    x[..., r // 2] = 1.0                                       # a bright centre column
    out = augment(x, torch.Generator().manual_seed(0), 0.0, shift=3)
    cols = out[:, 0, 0].argmax(1) - r // 2                   # where each face's column went
    flipped = (r - 1 - r // 2) - r // 2                        # a flip moves the column by -1
    moved = {int(c) for c in cols}
    assert moved <= set(range(-3 + flipped, 4))                # within the reach (and the flip's pixel)
    assert len(moved) >= 5                                     # and really spread
    assert torch.equal(augment(x, torch.Generator().manual_seed(0), 0.0)[:, 0, 0].argmax(1).unique().sort().values,
                       torch.tensor([r // 2 - 1, r // 2]))     # no shift: the flip alone


def test_painted_regions_are_large_contiguous_holes_on_a_share_of_the_masks():
    r, n = 128, 300
    base = np.zeros((n, 1, r, r), np.float32)
    m = add_painted_regions(base.copy(), np.random.default_rng(7), p=0.5)
    changed = m.reshape(n, -1).any(1)
    assert 0.4 < changed.mean() < 0.6
    ratios = m[changed].reshape(changed.sum(), -1).mean(1)
    assert ratios.min() >= 0.15 and ratios.max() <= 0.65
    # deep holes: most regions have hole pixels 20 px or more from any known pixel, which the
    # bank's strokes (28 px wide at most) almost never have
    deep = [cv2.distanceTransform(h[0].astype(np.uint8), cv2.DIST_L2, 5).max() >= 20 for h in m[changed]]
    assert np.mean(deep) > 0.6
    # one region each: no scattered specks
    parts = [cv2.connectedComponents(h[0].astype(np.uint8))[0] - 1 for h in m[changed]]
    assert np.mean(np.array(parts) == 1) > 0.8


def test_the_evaluations_painted_holes_are_what_painted_region_draws():
    # npm run eval's `painted` bucket reads tools/eval/painted-holes.png; the probe draws them anew
    from pathlib import Path
    from training.probes.painted_holes import sheet
    for bucket in ("painted", "edge"):
        saved = cv2.imread(str(Path(__file__).resolve().parents[2] / f"tools/eval/{bucket}-holes.png"), cv2.IMREAD_GRAYSCALE)
        assert saved is not None and (saved == sheet(bucket)).all()


def test_reframed_faces_carry_their_part_boxes_along():
    import torch
    from training.data import frame_boxes, reframe
    r, n = 64, 40
    x = torch.zeros(n, 3, r, r)
    box = [0.3, 0.4, 0.1, 0.1]                                 # a bright spot where an eye's box is
    x[:, :, int(0.4 * r) - 1:int(0.4 * r) + 1, int(0.3 * r) - 1:int(0.3 * r) + 1] = 1.0
    out, frame = reframe(x, torch.Generator().manual_seed(0), zoom=0.3, move=0.1, p=0.5)
    moved = frame[:, 0] != 1.0
    assert 10 < moved.sum() < 30                               # about half the faces
    assert torch.equal(out[~torch.from_numpy(moved)], x[~torch.from_numpy(moved)])   # the rest untouched
    assert (frame[:, 0] >= 1 / 1.3 - 1e-6).all() and (frame[:, 0] <= 1.3 + 1e-6).all()
    assert (np.abs(frame[:, 1:]) <= 0.1 + 1e-6).all() and np.abs(frame[moved, 1:]).max() > 0.05
    for i, ((cx, cy, w, h),) in enumerate(frame_boxes([[box]] * n, frame)):
        spot = out[i, 0]
        ys, xs = torch.nonzero(spot > 0.5 * spot.max(), as_tuple=True)
        # the spot's centre (pixel centres at k + 0.5) is where the moved box's centre says
        assert abs((xs.float().mean() + 0.5) / r - cx) < 1.5 / r and abs((ys.float().mean() + 0.5) / r - cy) < 1.5 / r
        assert abs(w - 0.1 * frame[i, 0]) < 1e-9


def test_window_crops_cut_real_pixels_and_carry_their_part_boxes():
    import cv2
    import torch
    from training.data import FaceBatches, frame_boxes, window_crops
    r, big, n = 32, 48, 60
    hi = np.zeros((n, big, big, 3), np.uint8)
    hi[:, 18:22, 10:14] = 255                                  # a spot at (12, 20) of 48: box centre (0.25, 0.4167)
    lo = np.stack([cv2.resize(f, (r, r), interpolation=cv2.INTER_AREA) for f in hi])
    idx = np.arange(n)
    out, frame = window_crops(hi, idx, lo, torch.Generator().manual_seed(0), zoom=0.4, p=0.5)
    moved = frame[:, 0] != 1.0
    assert 15 < moved.sum() < 45 and np.array_equal(out[~moved], lo[~moved])
    assert frame[:, 0].max() <= 1.4 * 1.02 and frame[moved, 0].min() >= 1.0     # (the window a whole number of pixels)
    for i, ((cx, cy, w, h),) in enumerate(frame_boxes([[[12 / big, 20 / big, 0.1, 0.1]]] * n, frame)):
        if not moved[i] or not (0.1 < cx < 0.9 and 0.1 < cy < 0.9):
            continue
        ys, xs = np.nonzero(out[i, :, :, 0] > 0.5 * out[i, :, :, 0].max())
        assert abs((xs.mean() + 0.5) / r - cx) < 1.5 / r and abs((ys.mean() + 0.5) / r - cy) < 1.5 / r
    # nothing upsampled: the window is at least R wide, so the spot's peak never drops below the
    # plain resize's (a window of R pixels copies them one to one)
    assert out[moved, :, :, 0].max(axis=(1, 2)).min() >= lo[:, :, :, 0].max() - 1
    # through FaceBatches: the frames compose with reframe's, whose tests stand alone
    fb = FaceBatches(lo, 0.0, 0, faces_hi=hi, crop_zoom=0.4, crop_p=1.0)
    x, _, fr = fb.sample_with_sources(8)
    assert x.shape == (8, 3, r, r) and (fr[:, 0] >= 1.0).all()


def test_edge_regions_run_off_the_border_and_are_deep():
    from training.masks import edge_eval_hole, edge_region
    rng = np.random.default_rng(3)
    regions = [edge_region(128, rng) for _ in range(200)]
    assert all(m[0].any() or m[-1].any() or m[:, 0].any() or m[:, -1].any() for m in regions)
    ratios = np.array([m.mean() for m in regions])
    assert ratios.min() >= 0.15 and ratios.max() <= 0.65 and 0.25 < ratios.mean() < 0.5
    # what lies past the border is not known either: counted so, most regions reach 25 px deep
    deep = [cv2.distanceTransform(m, cv2.DIST_L2, 5).max() >= 25 for m in regions]
    assert np.mean(deep) > 0.6
    # the evaluation's are fixed by their seeds, and none of them is a training draw's
    assert (edge_eval_hole(5) == edge_eval_hole(5)).all() and not (edge_eval_hole(5) == edge_eval_hole(6)).all()


def test_a_share_of_the_painted_regions_runs_off_the_border():
    r, n = 64, 400
    m = add_painted_regions(np.zeros((n, 1, r, r), np.float32), np.random.default_rng(1), p=1.0, edge=0.5)
    border = np.array([h[0, 0].any() or h[0, -1].any() or h[0, :, 0].any() or h[0, :, -1].any() for h in m])
    # painted_region's own reach the border now and then; edge_region's always do
    assert 0.5 < border.mean() < 0.85
