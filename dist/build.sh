#!/usr/bin/env bash
# The downloads a teacher needs: a Windows zip and a Linux tarball. Each holds the game, the
# campaign (levels/, also built into the game), the teachers' docs as HTML pages a browser
# opens from the folder, the level template, and the licences.
#
# Usage: dist/build.sh [linux] [windows]      (default: both)
#   PROFILE=release (default) or another cargo profile; DIST_DIR=where the files go.
# Windows is cross-compiled from Linux with MinGW-w64 (Debian: gcc-mingw-w64-x86-64), and
# smoke-tested with wine when it is installed (Debian: wine): `check levels/` and `report`.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/agent-trace/target}"
export CARGO_INCREMENTAL=0
profile="${PROFILE:-release}"
out=$(realpath -m "${DIST_DIR:-$CARGO_TARGET_DIR/dist}")
version=$(grep -m1 '^version' Cargo.toml | cut -d'"' -f2)
wanted=("$@")
[ "${#wanted[@]}" -gt 0 ] || wanted=(linux windows)
mkdir -p "$out"
started=$SECONDS

# The docs as HTML pages (links between them follow), with the tables and a print style.
docs_html() {
  local dest=$1
  python3 -c 'import markdown' 2>/dev/null || python3 -m pip install --quiet markdown
  mkdir -p "$dest"
  python3 - "$dest" README.md docs/teachers.md docs/levels.md docs/levels.en.md \
    docs/premiere-mission.md docs/first-mission.md docs/accessibility.md docs/duel.md \
    docs/content-map.md <<'PY'
import html, os, re, sys
import markdown

dest, sources = sys.argv[1], sys.argv[2:]
style = ("body{font-family:sans-serif;max-width:48em;margin:2em auto;padding:0 1em;line-height:1.5}"
         "table{border-collapse:collapse}td,th{border:1px solid #888;padding:.2em .4em;vertical-align:top}"
         "pre{background:#f4f4f4;padding:.6em;overflow-x:auto}code{background:#f4f4f4}"
         "@media print{pre{white-space:pre-wrap}}")
for source in sources:
    name = os.path.splitext(os.path.basename(source))[0]
    text = open(source, encoding="utf-8").read()
    # Links to the other pages: page.md → page.html (anchors kept).
    text = re.sub(r"\(((?:docs/)?[\w.-]+)\.md(#[^)]*)?\)",
                  lambda m: "(" + os.path.basename(m.group(1)) + ".html" + (m.group(2) or "") + ")", text)
    body = markdown.markdown(text, extensions=["tables", "fenced_code", "toc"])
    title = html.escape(text.splitlines()[0].lstrip("# ").strip())
    page = (f'<!doctype html><html lang="fr"><meta charset="utf-8"><title>{title}</title>'
            f"<style>{style}</style><body>{body}</body></html>\n")
    open(os.path.join(dest, name + ".html"), "w", encoding="utf-8").write(page)
PY
}

# Everything but the program, into $1.
stage_common() {
  local dir=$1
  cp -r levels "$dir/levels"
  docs_html "$dir/docs"
  cp docs/template.ron "$dir/docs/template.ron"
  mkdir -p "$dir/licences"
  cp LICENSE-MIT LICENSE-APACHE "$dir/licences/"
  cp assets/fonts/LICENSE-*.txt "$dir/licences/"
  cat >"$dir/LISEZ-MOI.txt" <<EOF
Agent Trace $version — un jeu sérieux sur les données personnelles (11–15 ans).

Jouer : lancez le programme agent-trace (double-clic). Les missions sont dans le jeu ;
le dossier levels/ à côté est celui qu'il joue s'il est là (vous pouvez le modifier).
Enseignants : ouvrez docs/teachers.html, puis docs/premiere-mission.html pour écrire
votre première mission. Vérifier un dossier : agent-trace check levels/
Licences : licences/.

Agent Trace $version — a serious game about personal data (ages 11–15).
Play: start agent-trace (double-click). Teachers: open docs/teachers.html, then
docs/first-mission.html. Check a folder: agent-trace check levels/  Licences: licences/.
EOF
}

size() { stat -c %s "$1" | awk '{ if ($1 < 1e6) printf "%.0f kB", $1 / 1e3; else printf "%.1f MB", $1 / 1e6 }'; }

build_linux() {
  cargo build --locked --profile "$profile"
  local dir="$out/agent-trace-$version-linux"
  rm -rf "$dir" && mkdir -p "$dir"
  local dir_of_profile=$profile
  [ "$profile" = dev ] && dir_of_profile=debug
  cp "$CARGO_TARGET_DIR/$dir_of_profile/agent-trace" "$dir/"
  strip "$dir/agent-trace"
  stage_common "$dir"
  tar -C "$out" -czf "$out/agent-trace-$version-linux.tar.gz" "agent-trace-$version-linux"
  echo "linux: $out/agent-trace-$version-linux.tar.gz ($(size "$out/agent-trace-$version-linux.tar.gz"); program $(size "$dir/agent-trace"))"
}

build_windows() {
  local triple=x86_64-pc-windows-gnu
  rustup target list --installed | grep -qx "$triple" || rustup target add "$triple"
  command -v x86_64-w64-mingw32-gcc >/dev/null || {
    echo "error: MinGW-w64 is missing: sudo apt install gcc-mingw-w64-x86-64" >&2; exit 1; }
  cargo build --locked --profile "$profile" --target "$triple"
  local dir="$out/agent-trace-$version-windows"
  rm -rf "$dir" && mkdir -p "$dir"
  local dir_of_profile=$profile
  [ "$profile" = dev ] && dir_of_profile=debug
  local exe="$CARGO_TARGET_DIR/$triple/$dir_of_profile/agent-trace.exe"
  cp "$exe" "$dir/"
  # Symbols are for debugging here, not for pupils' downloads.
  x86_64-w64-mingw32-strip "$dir/agent-trace.exe"
  stage_common "$dir"
  # Windows' own tools read CRLF text files best.
  sed -i 's/$/\r/' "$dir/LISEZ-MOI.txt"
  rm -f "$out/agent-trace-$version-windows.zip"
  (cd "$out" && python3 -m zipfile -c "agent-trace-$version-windows.zip" "agent-trace-$version-windows")
  echo "windows: $out/agent-trace-$version-windows.zip ($(size "$out/agent-trace-$version-windows.zip"); program $(size "$dir/agent-trace.exe"))"
  smoke_windows "$dir"
}

# Rust's standard library draws random numbers with ProcessPrng (bcryptprimitives.dll, in
# every Windows since 10); Debian 12's wine 8 lacks that DLL. For the smoke test only, the
# wine prefix gets a two-line one made here that asks RtlGenRandom instead.
wine_random_shim() {
  local system32="$WINEPREFIX/drive_c/windows/system32"
  [ -d "$system32" ] || wine cmd /c exit >/dev/null 2>&1 || true
  [ -f "$system32/bcryptprimitives.dll" ] && return
  local src
  src=$(mktemp -d)
  cat >"$src/shim.c" <<'C'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) { return SystemFunction036(data, (ULONG)length); }
C
  printf 'LIBRARY bcryptprimitives\nEXPORTS\n  ProcessPrng\n' >"$src/shim.def"
  x86_64-w64-mingw32-gcc -shared -O2 -o "$system32/bcryptprimitives.dll" \
    "$src/shim.c" "$src/shim.def" -ladvapi32
}

# The Windows program run by wine, when wine is there: the checker and the class report.
smoke_windows() {
  local dir=$1
  if ! command -v wine >/dev/null; then
    echo "windows smoke test skipped: wine is not installed (sudo apt install wine)"; return
  fi
  export WINEDEBUG=-all WINEPREFIX="${WINEPREFIX:-$HOME/.cache/agent-trace/wine}"
  wine_random_shim
  (cd "$dir" && wine agent-trace.exe check levels/ >"$out/wine-check.log" 2>&1) || true
  if grep -q "^12 niveau(x) valide(s), 0 erreur(s)" "$out/wine-check.log"; then
    echo "ok   wine: agent-trace.exe check levels/ ($(tail -1 "$out/wine-check.log"))"
  else
    echo "FAIL wine: agent-trace.exe check levels/"; tail -5 "$out/wine-check.log"; return 1
  fi
  local results="$out/wine-results.csv"
  # One pupil's row as the game writes it (results.csv), for a one-line report.
  printf '\xef\xbb\xbflevel,class_code,label,choices,outcome,score,stars,duration_s\r\nconcours,LYNX-42,Les Lynx,verifier=0,success,95,3,540\r\n' >"$results"
  (cd "$dir" && wine agent-trace.exe report "$results" -o "$out/wine-report.html" \
      >"$out/wine-report.log" 2>&1) || true
  if [ -s "$out/wine-report.html" ]; then
    echo "ok   wine: agent-trace.exe report → $(size "$out/wine-report.html")"
  else
    echo "FAIL wine: agent-trace.exe report"; tail -5 "$out/wine-report.log"; return 1
  fi
}

for w in "${wanted[@]}"; do
  case "$w" in
    linux) build_linux ;;
    windows) build_windows ;;
    *) echo "unknown target $w (linux, windows)" >&2; exit 2 ;;
  esac
done
echo "dist/build.sh ($profile) done in $((SECONDS - started)) s: $out"
