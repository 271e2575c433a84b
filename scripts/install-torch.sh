#!/usr/bin/env bash
# Installs PyTorch for the measured torch bar of `./mtl4j bench step --torch measure`.
#
# Usage: scripts/install-torch.sh   (as root, or with sudo available; Debian/Ubuntu)
#
# Installs Debian's python3-torch (PyTorch 1.13 on Debian 12) and libopenblas0-pthread for
# /usr/bin/python3. OpenBLAS is essential: without it torch uses the reference BLAS through the
# libblas.so.3 alternative and is about 20x slower. Idempotent: when /usr/bin/python3 imports torch
# and libblas.so.3 resolves to OpenBLAS, nothing is installed. Not run by the tests or CI.
set -euo pipefail
PY=/usr/bin/python3
ARCH_DIR="/usr/lib/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)"
[ -d "$ARCH_DIR" ] || ARCH_DIR=/usr/lib/x86_64-linux-gnu

torch_ok() { [ -x "$PY" ] && "$PY" -c 'import torch' >/dev/null 2>&1; }
blas_target() { readlink -f "$ARCH_DIR/libblas.so.3" 2>/dev/null || echo none; }
blas_ok() { case "$(blas_target)" in *openblas*) return 0 ;; *) return 1 ;; esac; }

if torch_ok && blas_ok; then
  echo "install-torch: nothing to do: $PY imports torch $("$PY" -c 'import torch; print(torch.__version__)'), BLAS is $(blas_target)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-torch: ERROR: needs root (or sudo) to run apt-get" >&2; exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-torch: ERROR: apt-get not found; install PyTorch and OpenBLAS for $PY by hand" >&2
  exit 1
fi

echo "install-torch: torch importable: $(torch_ok && echo yes || echo no); BLAS: $(blas_target)"
echo "install-torch: apt-get install python3-torch libopenblas0-pthread"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q python3-torch libopenblas0-pthread
if ! blas_ok; then
  alt="$(ls "$ARCH_DIR"/openblas-pthread/libblas.so.3 2>/dev/null || true)"
  if [ -n "$alt" ]; then
    echo "install-torch: selecting $alt as libblas.so.3"
    $SUDO update-alternatives --set "libblas.so.3-$(basename "$ARCH_DIR")" "$alt"
  fi
fi
if torch_ok && blas_ok; then
  echo "install-torch: done: $PY imports torch $("$PY" -c 'import torch; print(torch.__version__)'), BLAS is $(blas_target)"
else
  echo "install-torch: ERROR: after installing, torch importable: $(torch_ok && echo yes || echo no), BLAS: $(blas_target)" >&2
  exit 1
fi
