#!/usr/bin/env bash
# Installs the Debian packages the tests need (Chromium for Playwright, PyTorch/ONNX/OpenCV/
# scikit-image for the training tests), only those that are missing. Needs root or sudo.
set -euo pipefail
pkgs=(chromium python3-torch python3-torchvision python3-onnx python3-opencv python3-skimage python3-pytest python3-numpy)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
