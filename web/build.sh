#!/usr/bin/env bash
# Builds the browser version into web/dist/: index.html, the wasm-bindgen glue, the .wasm,
# assets/ and levels/. Serve that folder as static files, e.g.
#   (cd web/dist && python3 -m http.server 8000)   then open http://127.0.0.1:8000
#
# Tools are installed on first use, pinned: the wasm32 target (rustup), wasm-bindgen-cli at
# exactly the wasm-bindgen version of Cargo.lock (cargo install), wasm-opt from npm `binaryen`
# (web/package-lock.json).
#
# PROFILE=web (default) is the size-tuned release profile; CI uses PROFILE=web-ci, quicker to
# rebuild and larger. Sizes are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE="${PROFILE:-web}"
TARGET=wasm32-unknown-unknown
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/agent-trace/target}"
TOOLS="${AGENT_TRACE_TOOLS:-$HOME/.cache/agent-trace/tools}"
OUT=web/dist

say() { printf '\n--- %s\n' "$*"; }

say "tools"
rustup target list --installed 2>/dev/null | grep -qx "$TARGET" || rustup target add "$TARGET"
# The CLI must match the library linked into the .wasm, or the glue does not fit.
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$version" ] || { echo "wasm-bindgen not found in Cargo.lock" >&2; exit 1; }
bindgen="$TOOLS/bin/wasm-bindgen"
if ! "$bindgen" --version 2>/dev/null | grep -q " $version\$"; then
  # (`--locked` fails for this release: a version it locked is gone from crates.io.)
  cargo install wasm-bindgen-cli --version "$version" --root "$TOOLS"
fi
"$bindgen" --version
if [ ! -x web/node_modules/.bin/wasm-opt ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi

say "cargo build --profile $PROFILE --target $TARGET"
cargo build --profile "$PROFILE" --target "$TARGET" --bin agent-trace
wasm="$CARGO_TARGET_DIR/$TARGET/$PROFILE/agent-trace.wasm"

say "wasm-bindgen"
rm -rf "$OUT"
mkdir -p "$OUT"
"$bindgen" --target web --no-typescript --out-dir "$OUT" --out-name agent-trace "$wasm"

if [ "$PROFILE" = web ]; then
  say "wasm-opt -Oz"
  # The features are those Rust's wasm32 target emits by default.
  node web/node_modules/binaryen/bin/wasm-opt -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-reference-types --enable-multivalue --enable-mutable-globals \
    "$OUT/agent-trace_bg.wasm" -o "$OUT/agent-trace_bg.wasm"
else
  # A test build: size does not matter, time does.
  say "wasm-opt skipped (PROFILE=$PROFILE)"
fi

say "page, levels, assets"
cp web/index.html "$OUT/"
mkdir -p "$OUT/levels" "$OUT/assets/fonts"
cp levels/*.ron "$OUT/levels/"
# The fonts are compiled into the .wasm; their licences travel with the game.
cp assets/fonts/LICENSE-* assets/fonts/README.md "$OUT/assets/fonts/"
cp assets/README.md "$OUT/assets/"

raw=$(stat -c %s "$OUT/agent-trace_bg.wasm")
gz=$(gzip -9 -c "$OUT/agent-trace_bg.wasm" | wc -c)
awk -v p="$PROFILE" -v o="$OUT" -v r="$raw" -v g="$gz" 'BEGIN {
  printf "\nweb build (%s): %s/ — agent-trace_bg.wasm %.2f MB raw, %.2f MB gzip\n", p, o, r / 1e6, g / 1e6 }'
