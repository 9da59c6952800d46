#!/usr/bin/env bash
# Builds the browser version into web/dist/: index.html, the wasm-bindgen glue, the .wasm (and
# .wasm.gz / .wasm.br beside it for servers that serve pre-compressed files), assets/ and
# levels/. Serve that folder as static files, e.g.
#   (cd web/dist && python3 -m http.server 8000)   then open http://127.0.0.1:8000
#
# Tools are installed on first use, pinned, in ~/.cache/agent-trace/tools: wasm-bindgen-cli at
# exactly the wasm-bindgen version of Cargo.lock, and for the size profile binaryen's wasm-opt
# built natively (crate `wasm-opt`), plus nightly's standard library sources (rustup).
#
# PROFILE=web (default) is the size-tuned release: the standard library is rebuilt for size
# with the installed nightly (-Zbuild-std, panics abort at once, no panic locations), the rest
# of the build stays on the pinned stable toolchain. CI uses PROFILE=web-ci, stable only,
# quicker to rebuild and larger. Sizes are printed at the end, and checked against a budget.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE="${PROFILE:-web}"
TARGET=wasm32-unknown-unknown
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/agent-trace/target}"
TOOLS="${AGENT_TRACE_TOOLS:-$HOME/.cache/agent-trace/tools}"
OUT=web/dist
# gzip -9 budgets for the .wasm, a few percent above what it weighs (4.28 MB for the size
# profile, 9.34 MB for CI's, on 2026-12-03), so that growth is a decision: raise a budget
# only with the reason in the commit. The target is 3.5 MB for the size profile (see
# docs/design.md for what stands in the way). The CI profile (stable, no LTO, opt-level s,
# no wasm-opt) weighs 2.2 times as much for the same code.
case "$PROFILE" in
  web) budget=4400000 ;;
  web-ci) budget=9600000 ;;
  *) budget=0 ;;
esac
WASM_OPT_VERSION=0.116.1 BINARYEN=116  # the crate `wasm-opt` 0.116.1 builds binaryen 116

say() { printf '\n--- %s (%ss)\n' "$*" "$SECONDS"; }

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
build=(cargo build --locked --profile "$PROFILE" --target "$TARGET" --bin agent-trace)
if [ "$PROFILE" = web ]; then
  opt="$TOOLS/bin/wasm-opt"
  if ! "$opt" --version 2>/dev/null | grep -q "version $BINARYEN "; then
    # binaryen's C++ compiled natively: minutes once, then seconds per build (npm's binaryen,
    # compiled to JavaScript, took ~15 minutes per build).
    cargo install wasm-opt --version "$WASM_OPT_VERSION" --locked --root "$TOOLS"
  fi
  "$opt" --version
  # (Measured with 1.97.0-nightly e50aa6fba 2026-05-19; AGENT_TRACE_NIGHTLY picks another.)
  nightly="${AGENT_TRACE_NIGHTLY:-nightly}"
  rustup run "$nightly" rustc --version >/dev/null 2>&1 ||
    rustup toolchain install "$nightly" --profile minimal
  rustup component list --toolchain "$nightly" --installed | grep -q '^rust-src' ||
    rustup component add rust-src --toolchain "$nightly"
  rustup target list --toolchain "$nightly" --installed | grep -qx "$TARGET" ||
    rustup target add "$TARGET" --toolchain "$nightly"
  # The standard library rebuilt for size: panics abort on the spot (no message formatting),
  # no file and line kept for them, derived `Debug` shallow (the names of fieldless enums, which
  # the page's data-screen reads, stay whole). Only this build uses nightly.
  export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=shallow"
  build=(cargo "+$nightly" build --locked --profile "$PROFILE" --target "$TARGET" --bin agent-trace
         -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
fi

say "${build[*]}"
"${build[@]}"
wasm="$CARGO_TARGET_DIR/$TARGET/$PROFILE/agent-trace.wasm"

say "wasm-bindgen"
rm -rf "$OUT"
mkdir -p "$OUT"
"$bindgen" --target web --no-typescript --out-dir "$OUT" --out-name agent-trace "$wasm"

if [ "$PROFILE" = web ]; then
  say "wasm-opt -Oz"
  # The features are those Rust's wasm32 target emits by default.
  "$opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-reference-types --enable-multivalue --enable-mutable-globals \
    "$OUT/agent-trace_bg.wasm" -o "$OUT/agent-trace_bg.wasm"
else
  # A test build: size does not matter, time does.
  say "wasm-opt skipped (PROFILE=$PROFILE)"
fi

say "page, levels, assets"
# The page asks for every level while the .wasm downloads (see the `<!-- levels -->` line).
preload=""
for f in levels/*.ron; do
  preload+="<link rel=\"preload\" href=\"$f\" as=\"fetch\" crossorigin>\n"
done
awk -v links="$preload" '/^<!-- levels -->$/ { printf "%s", links; next } { print }' \
  web/index.html >"$OUT/index.html"
mkdir -p "$OUT/levels" "$OUT/assets/fonts"
cp levels/*.ron "$OUT/levels/"
# The fonts are compiled into the .wasm; their licences travel with the game.
cp assets/fonts/LICENSE-* assets/fonts/README.md "$OUT/assets/fonts/"
cp assets/README.md "$OUT/assets/"

say "pre-compressed copies"
for f in "$OUT/agent-trace_bg.wasm" "$OUT/agent-trace.js"; do
  gzip -9 -n -k -f "$f"
  # (brotli at its best takes ~35 s here: only for the build that ships.)
  if [ "$PROFILE" = web ] && command -v brotli >/dev/null; then brotli -q 11 -f "$f"; fi
done

raw=$(stat -c %s "$OUT/agent-trace_bg.wasm")
gz=$(stat -c %s "$OUT/agent-trace_bg.wasm.gz")
br=$(stat -c %s "$OUT/agent-trace_bg.wasm.br" 2>/dev/null || echo 0)
awk -v p="$PROFILE" -v o="$OUT" -v r="$raw" -v g="$gz" -v b="$br" -v t="$SECONDS" 'BEGIN {
  printf "\nweb build (%s) in %d s: %s/ — agent-trace_bg.wasm %.2f MB raw, %.2f MB gzip -9, %s brotli\n",
    p, t, o, r / 1e6, g / 1e6, (b > 0 ? sprintf("%.2f MB", b / 1e6) : "no") }'
if [ "$budget" -gt 0 ] && [ "$gz" -gt "$budget" ]; then
  awk -v g="$gz" -v b="$budget" 'BEGIN {
    printf "FAIL: the .wasm is %.2f MB gzip, over its budget of %.2f MB (web/build.sh)\n", g / 1e6, b / 1e6 }'
  exit 1
fi
