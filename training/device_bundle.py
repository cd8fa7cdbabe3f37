"""Pack what a training run needs onto a GPU machine that sees only this repository.

    /usr/bin/python3 -m training.device_bundle --ckpt ~/isfrnet-runs/painted/ckpt.pt --out .gpu

The device tool (../.library/device) copies the working tree, at most 64 MiB in all, and
../shared does not travel. So the bundle holds, in an ignored folder named in `carry`:
  init/     the starting checkpoint in release form (float16), split by checkpoint.save_split,
            without the training generator (it starts from the EMA) nor optimizer moments; none
            when it is the committed release checkpoint, which travels anyway;
  facerec/  face-api's recognition weights (the identity loss; FACEREC_DIR points there);
  faces.zip as many training faces as fit the rest of the budget, a random sample from each
            source folder (utkface/, celeba/: the part boxes go by folder name) at R, WebP q90
            (a third smaller than JPEG at the same quality, and no 8x8 blocks to learn), stored
            in one zip: 13,000 small files would each cost a block wherever they are counted.
The research faces stay under their terms: the folder is git-ignored and goes nowhere else.
On the machine: `scripts/device-train.sh INIT SECONDS --set ...` (unpacks, trains, hands back the
checkpoint split into files small enough to come back; a run's whole ckpt.pt is not).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import zipfile
from pathlib import Path

import cv2
import numpy as np

from .checkpoint import load, save_split, to_release
from .config import Config
from .data import cached_faces, folder_index
from .model.facerec import MODEL_NAME, default_model_dir

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 64 * 2 ** 20


def tracked_bytes() -> int:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    return sum((ROOT / f.decode()).stat().st_size for f in files if f and (ROOT / f.decode()).is_file())


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", required=True, help="the checkpoint to start from (a run's ckpt.pt or a release one)")
    ap.add_argument("--out", default=".gpu")
    ap.add_argument("--quality", type=int, default=90)
    ap.add_argument("--margin-mb", type=float, default=1.5, help="left free under the 64 MiB")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    out = ROOT / args.out
    if out.exists():
        shutil.rmtree(out)

    ckpt = load(args.ckpt)
    src = Path(args.ckpt).resolve()
    tracked = src.is_relative_to(ROOT) and subprocess.run(
        ["git", "ls-files", "--error-unmatch", str(src.relative_to(ROOT))], cwd=ROOT, capture_output=True).returncode == 0
    if tracked:
        init = str(src.relative_to(ROOT))
    else:
        release = to_release(ckpt)
        release.pop("g")
        save_split(release, out / "init")
        init = f"{args.out}/init"
    (out / "facerec").mkdir(parents=True)
    for f in default_model_dir().glob(f"{MODEL_NAME}*"):
        shutil.copy(f, out / "facerec" / f.name)

    budget = LIMIT - int(args.margin_mb * 2 ** 20) - tracked_bytes() - folder_bytes(out)
    cfg = Config.from_dict(ckpt["config"])
    dirs, r = cfg.data.train_dirs, cfg.data.resolution
    faces = cached_faces(dirs, r, cfg.data.cache_dir)
    sources = folder_index(dirs)
    order = np.random.default_rng(args.seed).permutation(len(faces))
    used, counts = 0, [0] * len(dirs)
    with zipfile.ZipFile(out / "faces.zip", "w", zipfile.ZIP_STORED) as z:
        for i in order:
            ok, buf = cv2.imencode(".webp", cv2.cvtColor(np.ascontiguousarray(faces[i]), cv2.COLOR_RGB2BGR),
                                   [cv2.IMWRITE_WEBP_QUALITY, args.quality])
            name = f"{Path(dirs[sources[i]]).name}/{i:06d}.webp"
            cost = len(buf) + 2 * (len(name) + 60)       # the data, its local header and its directory entry
            if used + cost > budget:
                break
            z.writestr(name, buf.tobytes())
            used += cost
            counts[sources[i]] += 1
    print(f"init {init}: {folder_bytes(out / 'init') / 2 ** 20:.1f} MiB here (step {ckpt['step']}), facerec "
          f"{folder_bytes(out / 'facerec') / 2 ** 20:.1f} MiB, faces {(out / 'faces.zip').stat().st_size / 2 ** 20:.1f} MiB: "
          + ", ".join(f"{Path(d).name} {c} of {int((sources == k).sum())}" for k, (d, c) in enumerate(zip(dirs, counts)))
          + f"; with the tracked files {(tracked_bytes() + folder_bytes(out)) / 2 ** 20:.1f} MiB of 64")
    print(f"there: scripts/device-train.sh {init} SECONDS --set ...")


if __name__ == "__main__":
    main()
