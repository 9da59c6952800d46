#!/usr/bin/env python3
"""Makes the game's symbol and monospace fonts: subsets of egui's default fonts holding only
the characters the game's own texts use (levels/, docs/template.ron, src/) that Atkinson
Hyperlegible lacks (src/cli/ aside), plus Latin for the monospace diagnostics. Writes them here, with
`drawable.txt`, the ranges of every character the game's fonts can draw (the checker warns
about a level text outside them; a test checks the list against the fonts).

Run it again after adding a symbol or an emoji to a shipped text:
    pip install fonttools && python3 assets/fonts/subset.py
"""
import glob
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCES = sorted(glob.glob(os.path.expanduser(
    "~/.cargo/registry/src/*/epaint_default_fonts-0.36.*/fonts")))
if not SOURCES:
    sys.exit("egui's fonts not found: run `cargo fetch` first (epaint_default_fonts 0.36)")
EGUI = SOURCES[-1]

# egui's fallback order for symbols, the order the game keeps.
# (Ubuntu Light, egui's first, is left out: Hack draws the few symbols it gave, like ≤ and ‰,
# and Hack alone has ◐ and →.)
SYMBOL_SOURCES = ["NotoEmoji-Regular.ttf", "emoji-icon-font.ttf", "Hack-Regular.ttf"]
OURS = ["AtkinsonHyperlegible-Regular-latin.ttf", "AtkinsonHyperlegible-Regular-latin-ext.ttf"]
# Emoji a teacher may well reach for, drawn even when no shipped text uses them yet (the
# list docs/levels.md shows): the faces, and everyday objects, gestures and signs.
PALETTE = set(range(0x1F600, 0x1F650)) | {ord(c) for c in
    "📱📲💻⌨🖥📧📨📩📢📣🔓🔐🔔🔕🎵🎶⚽🏀🎲🎨📚✏📝📅⏰⌛🌐🏡🚌🚲👋👏🙌👌✌👎🤔🤫🤐🤗🤖👾"
    "💡❓❗✅❌⛔🆗🆘🔴🟢👦👧👨👩👪🐶🍔🍟🎒🏖🎬📺📹🎧🔍🔎🔗🗑💰💸🎫🎟🏅🥇"}
# Shaping-only characters (variation selector, zero-width joiner): no glyph is drawn.
SHAPING = {0xFE0F, 0x200D}


# Source files whose texts only a browser or a spreadsheet shows (the game never draws
# them); the font test in src/game/ui/theme.rs leaves out the same list.
BROWSER_PAGES = {"src/core/pages/" + f for f in
                 ["html.rs", "map.rs", "report.rs", "sheet.rs", "strings.rs"]}


def cmap(path):
    return set(TTFont(path).getBestCmap())


def texts():
    files = glob.glob(os.path.join(ROOT, "levels", "*.ron"))
    files += [os.path.join(ROOT, "docs", "template.ron")]
    # (src/cli/ prints to a terminal, which has its own fonts; the pages a browser or a
    # spreadsheet shows are drawn with theirs.)
    files += [f for f in glob.glob(os.path.join(ROOT, "src", "**", "*.rs"), recursive=True)
              if os.sep + "cli" + os.sep not in f
              and os.path.relpath(f, ROOT).replace(os.sep, "/") not in BROWSER_PAGES]
    used = set()
    for f in files:
        with open(f, encoding="utf-8") as t:
            used |= {ord(c) for c in t.read()}
    return {c for c in used if c > 0x20 and not chr(c).isspace() and c not in SHAPING
            and not (0x7F <= c < 0xA0)}


def write_subset(source, chars, out):
    options = subset.Options()
    options.layout_features = ["*"]
    options.notdef_outline = True
    # egui rasterises outlines itself: hinting instructions would only add weight.
    options.hinting = False
    options.drop_tables += ["DSIG"]
    font = TTFont(source)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(chars))
    sub.subset(font)
    font.save(out)
    print(f"{os.path.basename(out)}: {len(chars)} characters, {os.path.getsize(out)} bytes")


def ranges(chars):
    out, start, prev = [], None, None
    for c in sorted(chars):
        if start is None:
            start = prev = c
        elif c == prev + 1:
            prev = c
        else:
            out.append((start, prev))
            start = prev = c
    if start is not None:
        out.append((start, prev))
    return out


def main():
    used = texts()
    drawable = set()
    for name in OURS:
        drawable |= cmap(os.path.join(HERE, name))
    wanted = (used | PALETTE) - drawable
    for name in SYMBOL_SOURCES:
        path = os.path.join(EGUI, name)
        take = wanted & cmap(path)
        wanted -= take
        if take:
            out = os.path.join(HERE, "symbols-" + name.replace("-Regular", "").lower())
            write_subset(path, take, out)
            drawable |= take
    wanted -= PALETTE  # (the palette's few that no font has are left out)
    if wanted:
        sys.exit("no font can draw: " + " ".join(f"{chr(c)} U+{c:04X}" for c in sorted(wanted)))
    # Monospace (the checker's diagnostics): Latin, box drawing and arrows from Hack; the
    # rest falls back to the proportional fonts.
    latin = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100)) | {0x152, 0x153, 0x178} \
        | set(range(0x2190, 0x2194)) | set(range(0x2500, 0x2580)) \
        | {0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026}
    hack = os.path.join(EGUI, "Hack-Regular.ttf")
    write_subset(hack, latin & cmap(hack), os.path.join(HERE, "mono-hack.ttf"))
    with open(os.path.join(HERE, "drawable.txt"), "w", encoding="utf-8") as t:
        t.write("# Characters the game's proportional fonts can draw, as hexadecimal ranges.\n")
        t.write("# Written by subset.py; checked against the fonts by a test.\n")
        for a, b in ranges(drawable):
            t.write(f"{a:04X}-{b:04X}\n")


main()
