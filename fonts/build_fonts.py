#!/usr/bin/env python3
"""Build the CJK fonts bundled with broadsheet.

Run from anywhere as::

    python fonts/build_fonts.py

What it does
------------
1. Downloads the Debian packages ``fonts-noto-cjk``, ``fonts-noto-cjk-extra``
   and ``fonts-lxgw-wenkai`` with ``apt-get download`` into ``fonts/.work/``
   (git-ignored), unpacks them with ``dpkg -x`` and records each package's
   version (``dpkg-deb -f FILE Version``).
2. Writes four TrueType-outline (``glyf``) fonts next to this script.
   ReportLab can only embed TrueType outlines, while Noto CJK ships CFF
   outlines, so the Noto faces are converted: every cubic CFF charstring is
   drawn through ``Cu2QuPen`` (max. error 1 font unit) into ``TTGlyphPen``,
   and the sfnt is turned into a plain TrueType font (``glyf``/``loca``,
   ``maxp`` 1.0, ``post`` 3.0, ``head.glyphDataFormat`` 0, no ``CFF ``/``VORG``).

   ========================  ==============================================
   NotoSerifSC-Regular.ttf   Noto Serif CJK SC Regular, every glyph and
                             every cmap entry of the SC face (not subset)
   NotoSerifSC-Black.ttf     Noto Serif CJK SC Black, display subset
   NotoSansSC-Bold.ttf       Noto Sans CJK SC Bold, display subset
   LXGWWenKai-Regular.ttf    LXGW WenKai Regular, byte-for-byte copy (it is
                             already TrueType; see ``KAI_NOTE`` for why it
                             is not subset)
   ========================  ==============================================

3. Writes ``SOURCES.json`` (provenance and checksums), the licence files,
   ``fonts.yaml`` (role -> face mapping read by the layout code) and
   ``README.md`` (including the timings of this run).

The font files are deterministic: the same packages and the same fontTools
version give byte-identical output (timestamps come from the source font's
``head`` table, never from the clock).  ``README.md`` is the only output that
changes from run to run, because it reports how long each step took.

Needs Debian's ``apt-get``, ``dpkg`` and ``dpkg-deb`` and the Python packages
``fontTools`` (and, for the optional self-check, ``reportlab``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable

import fontTools
from fontTools import subset as ft_subset
from fontTools.ttLib import TTCollection, TTFont

# the CFF -> TrueType conversion is the engine's own (layout/fontconvert.py),
# so bundled faces and a user's converted faces are made the same way
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from layout.text.fontconvert import MAX_ERR, cff_to_truetype  # noqa: E402
from layout.text.fonts import sha256_file  # noqa: E402

FONTS_DIR = Path(__file__).resolve().parent
WORK_DIR = FONTS_DIR / ".work"
DEB_DIR = WORK_DIR / "debs"
ROOT_DIR = WORK_DIR / "root"

PACKAGES = ("fonts-noto-cjk", "fonts-noto-cjk-extra", "fonts-lxgw-wenkai")

#: Upper bound for the sum of the sizes of fonts/*.ttf.
SIZE_BUDGET = 80 * 1000 * 1000

#: Extra ranges kept in the display subsets on top of GBK (inclusive).
DISPLAY_RANGES = (
    (0x0020, 0x007E, "Basic Latin (printable)"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x2100, 0x214F, "Letterlike Symbols"),
    (0x2460, 0x24FF, "Enclosed Alphanumerics"),
    (0x25A0, 0x25FF, "Geometric Shapes"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
)

#: Ideograph blocks kept whole (as far as the face covers them) in the display
#: subsets.  This stands in for the 通用规范汉字表 (Table of General Standard
#: Chinese Characters): no PyPI package that ships that list was found, so
#: every CJK Unified Ideograph the face has in these blocks is kept instead.
DISPLAY_IDEOGRAPH_RANGES = (
    (0x3400, 0x4DBF, "CJK Unified Ideographs Extension A"),
    (0x4E00, 0x9FFF, "CJK Unified Ideographs"),
)

#: OpenType features kept in the display subsets.  None of them adds many
#: glyphs to the closure ('locl' would pull in the JP/KR/TC glyph variants).
#: ReportLab ignores GSUB/GPOS; they are kept for other consumers.
DISPLAY_FEATURES = ("vert", "vrt2", "halt", "vhal", "palt", "vpal", "kern", "vkrn")

KAI_NOTE = (
    "not subset: the Debian file already has TrueType (glyf) outlines, and "
    "'LXGW' is a Reserved Font Name under its OFL, so a subset (a Modified "
    "Version) could not keep the name LXGW WenKai; the unmodified file is "
    "copied byte for byte instead"
)


@dataclasses.dataclass(frozen=True)
class FaceSpec:
    """One output font and where it comes from."""

    output: str  #: file name written in fonts/
    package: str  #: Debian package holding the source
    source: str  #: absolute path of the source file inside the package
    family: str  #: typographic family name (name ID 16, else 1) to select
    style: str  #: typographic subfamily name (name ID 17, else 2) to select
    mode: str  #: "full" (convert all glyphs), "display" (subset, convert), "copy"
    licence: str  #: licence file written beside the font


FACES = (
    FaceSpec(
        "NotoSerifSC-Regular.ttf",
        "fonts-noto-cjk",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "Noto Serif CJK SC",
        "Regular",
        "full",
        "LICENSE-NotoCJK.txt",
    ),
    FaceSpec(
        "NotoSerifSC-Black.ttf",
        "fonts-noto-cjk-extra",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Black.ttc",
        "Noto Serif CJK SC",
        "Black",
        "display",
        "LICENSE-NotoCJK.txt",
    ),
    FaceSpec(
        "NotoSansSC-Bold.ttf",
        "fonts-noto-cjk",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "Noto Sans CJK SC",
        "Bold",
        "display",
        "LICENSE-NotoCJK.txt",
    ),
    FaceSpec(
        "LXGWWenKai-Regular.ttf",
        "fonts-lxgw-wenkai",
        "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
        "LXGW WenKai",
        "Regular",
        "copy",
        "LICENSE-LXGWWenKai.txt",
    ),
)

#: Licence files: name -> packages whose copyright file supplies the text.
LICENCES = {
    "LICENSE-NotoCJK.txt": ("fonts-noto-cjk", "fonts-noto-cjk-extra"),
    "LICENSE-LXGWWenKai.txt": ("fonts-lxgw-wenkai",),
}

FONTS_YAML = """\
# Roles -> faces. Paths are relative to this file. A role may point at any TTF/OTF/TTC.
# For a face inside a TTC collection add `index: N` (0-based), e.g.
#   song: {file: /path/to/SomeSong.ttc, index: 2, name: Some Song SC}
faces:
  song:        {file: NotoSerifSC-Regular.ttf, name: Noto Serif CJK SC Regular}
  song-heavy:  {file: NotoSerifSC-Black.ttf, name: Noto Serif CJK SC Black}
  hei:         {file: NotoSansSC-Bold.ttf, name: Noto Sans CJK SC Bold}
  kai:         {file: LXGWWenKai-Regular.ttf, name: LXGW WenKai Regular}
roles:
  body: song
  headline: song-heavy
  masthead: song-heavy
  kicker: hei
  deck: hei
  dateline: hei
  byline: kai
  caption: kai
fallback: [song, hei, kai, song-heavy]
"""


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


class Timer:
    """Collects (step, seconds) pairs for the README."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, float]] = []
        self.start = time.perf_counter()

    def elapsed(self) -> float:
        """Seconds since the timer was created."""
        return time.perf_counter() - self.start

    def run(self, label: str, func, *args, **kwargs):
        """Call ``func(*args, **kwargs)``, log and record its duration."""
        log(f"{label} ...")
        start = time.perf_counter()
        result = func(*args, **kwargs)
        elapsed = time.perf_counter() - start
        self.steps.append((label, elapsed))
        log(f"{label}: {elapsed:.1f} s")
        return result


def log(message: str) -> None:
    """Print a progress line to stderr."""
    print(f"[build_fonts] {message}", file=sys.stderr, flush=True)


def run(cmd: list[str], cwd: Path | None = None) -> str:
    """Run a command, fail loudly, return its stdout."""
    proc = subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True)
    return proc.stdout


def fmt_mb(size: int) -> str:
    """Format a byte count in MB (10^6 bytes)."""
    return f"{size / 1e6:.2f} MB"


def describe_ranges(ranges: Iterable[tuple[int, int, str]]) -> str:
    """'U+3000-U+303F (CJK Symbols...), ...' for a list of ranges."""
    return ", ".join(f"U+{lo:04X}-U+{hi:04X} ({name})" for lo, hi, name in ranges)


# --------------------------------------------------------------------------
# Step 1: Debian packages
# --------------------------------------------------------------------------


@dataclasses.dataclass
class Package:
    """A downloaded and unpacked Debian package."""

    name: str
    version: str
    deb: Path
    root: Path

    def path(self, inner: str) -> Path:
        """Location of a file of the package (given by its installed path)."""
        return self.root / inner.lstrip("/")


def find_deb(name: str) -> Path | None:
    """The single ``name_*.deb`` in DEB_DIR, or None."""
    debs = sorted(DEB_DIR.glob(f"{name}_*.deb"))
    if len(debs) > 1:
        raise SystemExit(f"several .deb files for {name} in {DEB_DIR}: {debs}")
    return debs[0] if debs else None


def download_packages(names: Iterable[str], reuse: bool) -> dict[str, Path]:
    """``apt-get download`` each package into DEB_DIR; return name -> .deb.

    With ``reuse`` an already downloaded .deb is used as it is (offline
    rebuild); otherwise old files are removed and the archive's current
    version is fetched.
    """
    DEB_DIR.mkdir(parents=True, exist_ok=True)
    result = {}
    wanted = []
    for name in names:
        deb = find_deb(name) if reuse else None
        if deb is not None:
            result[name] = deb
            continue
        for old in DEB_DIR.glob(f"{name}_*.deb"):
            old.unlink()
        wanted.append(name)
    if wanted:
        cmd = ["apt-get", "download"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            # As root apt drops privileges to _apt, which may not be able to
            # write into the work tree; download as root instead.
            cmd += ["-o", "APT::Sandbox::User=root"]
        run(cmd + wanted, cwd=DEB_DIR)
        for name in wanted:
            deb = find_deb(name)
            if deb is None:
                raise SystemExit(f"apt-get download produced no .deb for {name}")
            result[name] = deb
    return result


def unpack_packages(debs: dict[str, Path]) -> dict[str, Package]:
    """``dpkg -x`` every .deb into ROOT_DIR/<name>; read name and version."""
    packages = {}
    for name, deb in debs.items():
        real_name = run(["dpkg-deb", "-f", str(deb), "Package"]).strip()
        if real_name != name:
            raise SystemExit(f"{deb} holds package {real_name!r}, not {name!r}")
        version = run(["dpkg-deb", "-f", str(deb), "Version"]).strip()
        root = ROOT_DIR / name
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        run(["dpkg", "-x", str(deb), str(root)])
        packages[name] = Package(name, version, deb, root)
    return packages


# --------------------------------------------------------------------------
# Step 2: fonts
# --------------------------------------------------------------------------


def english_name(font: TTFont, *name_ids: int) -> str | None:
    """First of ``name_ids`` present as a Windows/English-US (or any) name."""
    table = font["name"]
    for name_id in name_ids:
        record = table.getName(name_id, 3, 1, 0x409)
        if record is None:
            record = table.getName(name_id, 1, 0, 0)
        if record is not None:
            return record.toUnicode()
    return None


def face_names(font: TTFont) -> tuple[str | None, str | None]:
    """(typographic family, typographic subfamily) of a font."""
    return english_name(font, 16, 1), english_name(font, 17, 2)


def select_face(path: Path, family: str, style: str) -> int:
    """Index of the face called ``family``/``style`` (-1 for a plain sfnt).

    Faces are matched by their name table, so a change of order inside the
    collection is caught instead of silently picking the wrong face.
    """
    if path.suffix.lower() != ".ttc":
        font = TTFont(path, lazy=True)
        found = face_names(font)
        if found != (family, style):
            raise SystemExit(f"{path}: expected {family} {style}, found {found}")
        return -1
    collection = TTCollection(path, lazy=True)
    matches = [
        index
        for index, font in enumerate(collection.fonts)
        if face_names(font) == (family, style)
    ]
    if len(matches) != 1:
        listing = [face_names(font) for font in collection.fonts]
        raise SystemExit(
            f"{path}: want exactly one face {family!r}/{style!r}, "
            f"found {len(matches)} among {listing}"
        )
    return matches[0]


def load_face(path: Path, index: int) -> TTFont:
    """Load one face fully, without touching its timestamps."""
    kwargs = {"fontNumber": index} if index >= 0 else {}
    return TTFont(path, recalcTimestamp=False, lazy=False, **kwargs)


def gbk_code_points() -> set[int]:
    """Every code point that Python's ``gbk`` codec can encode."""
    points = set()
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue  # lone surrogates are not characters
        try:
            chr(cp).encode("gbk")
        except UnicodeEncodeError:
            continue
        points.add(cp)
    return points


def display_code_points(font: TTFont, gbk: set[int]) -> set[int]:
    """The code points kept in a display subset of ``font``."""
    wanted = set(gbk)
    for lo, hi, _ in DISPLAY_RANGES:
        wanted.update(range(lo, hi + 1))
    cmap = font.getBestCmap()
    for lo, hi, _ in DISPLAY_IDEOGRAPH_RANGES:
        wanted.update(cp for cp in range(lo, hi + 1) if cp in cmap)
    return wanted


def display_rule(gbk_count: int) -> str:
    """Human-readable description of the display subset (for SOURCES.json)."""
    return (
        f"every code point Python's gbk codec encodes ({gbk_count} code points); "
        f"plus {describe_ranges(DISPLAY_RANGES)}; "
        f"plus every character of {describe_ranges(DISPLAY_IDEOGRAPH_RANGES)} "
        "that the face covers (stand-in for the 通用规范汉字表, which no PyPI "
        "package was found to ship); only code points the face maps are kept; "
        f"layout features kept: {', '.join(DISPLAY_FEATURES)} (with their "
        "glyph closure); hinting dropped; name table kept whole"
    )


def subset_face(font: TTFont, unicodes: set[int]) -> None:
    """Subset ``font`` in place to ``unicodes`` (see ``display_rule``)."""
    options = ft_subset.Options()
    options.glyph_names = False
    options.notdef_glyph = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = list(DISPLAY_FEATURES)
    options.recalc_timestamp = False
    # Keep BASE (ideographic baselines) however fontTools' defaults change.
    options.drop_tables = [t for t in options.drop_tables if t != "BASE"]
    if "BASE" not in options.no_subset_tables:
        options.no_subset_tables.append("BASE")
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)


def build_face(spec: FaceSpec, package: Package, gbk: set[int], timer: Timer) -> dict:
    """Write one output font; return its SOURCES.json record."""
    source = package.path(spec.source)
    out_path = FONTS_DIR / spec.output
    index = select_face(source, spec.family, spec.style)
    record = {
        "package": package.name,
        "package_version": package.version,
        "source_path": spec.source,
        "source_face_index": index if index >= 0 else None,
        "source_face": f"{spec.family} {spec.style}",
        "source_sha256": sha256_file(source),
    }

    if spec.mode == "copy":
        probe = TTFont(source, lazy=True)
        if "glyf" not in probe or "CFF " in probe:
            raise SystemExit(f"{source}: expected TrueType outlines")
        timer.run(f"{spec.output}: copy", shutil.copyfile, source, out_path)
        record["subset_rule"] = "none: " + KAI_NOTE
        record["outlines"] = "TrueType (glyf) as shipped"
    else:
        font = timer.run(f"{spec.output}: load face", load_face, source, index)
        source_cmap = len(font.getBestCmap())
        if spec.mode == "display":
            unicodes = display_code_points(font, gbk)
            timer.run(f"{spec.output}: subset", subset_face, font, unicodes)
            record["subset_rule"] = display_rule(len(gbk))
        else:
            record["subset_rule"] = (
                "none: all glyphs and every cmap entry of the face "
                f"({source_cmap} code points); GSUB/GPOS/GDEF/BASE kept"
            )
        timer.run(f"{spec.output}: CFF -> TrueType", cff_to_truetype, font)
        timer.run(f"{spec.output}: save", font.save, out_path, reorderTables=True)
        record["outlines"] = (
            "converted from CFF to TrueType quadratic outlines "
            f"(cu2qu, max. error {MAX_ERR:g} unit), unhinted"
        )
        if spec.mode == "full":
            check = TTFont(out_path, lazy=True)
            if len(check.getBestCmap()) != source_cmap:
                raise SystemExit(f"{spec.output}: cmap size changed")

    check = TTFont(out_path, lazy=True)
    record["tables"] = sorted(check.keys())
    record["num_glyphs"] = check["maxp"].numGlyphs
    record["cmap_entries"] = len(check.getBestCmap())
    record["output_sha256"] = sha256_file(out_path)
    record["output_size"] = out_path.stat().st_size
    return record


# --------------------------------------------------------------------------
# Step 3: licences, metadata, README
# --------------------------------------------------------------------------


def parse_dep5(text: str) -> list[dict[str, str]]:
    """Parse a machine-readable debian/copyright file into stanzas.

    Each stanza maps a field name to its value; continuation lines are
    unfolded (leading space dropped, a lone '.' becomes an empty line).
    """
    stanzas: list[dict[str, str]] = []
    current: dict[str, str] = {}
    field = None
    for line in text.splitlines():
        if not line.strip():
            if current:
                stanzas.append(current)
            current, field = {}, None
            continue
        if line[0] in " \t" and field is not None:
            body = line[1:]
            current[field] += "\n" + ("" if body.strip() == "." else body)
            continue
        key, _, value = line.partition(":")
        field = key.strip()
        current[field] = value.strip()
    if current:
        stanzas.append(current)
    return stanzas


def dep5_field_lines(field: str, value: str) -> list[str]:
    """Render a (possibly multi-line) copyright field, indented; [] if empty."""
    parts = [part.strip() for part in value.split("\n") if part.strip()]
    if not parts:
        return []
    return [f"  {field}: {parts[0]}"] + [f"    {part}" for part in parts[1:]]


def licence_text(packages: list[Package], font_files: list[str], notices: list[str]) -> str:
    """Compose a licence file from the packages' copyright files.

    Debian ships no separate OFL file for these packages; the licence text is
    taken from the ``License:`` stanza of /usr/share/doc/<pkg>/copyright.
    """
    first = packages[0]
    copyright_path = f"/usr/share/doc/{first.name}/copyright"
    raw = first.path(copyright_path).read_text(encoding="utf-8")
    for other in packages[1:]:
        other_raw = other.path(f"/usr/share/doc/{other.name}/copyright").read_text(
            encoding="utf-8"
        )
        if other_raw != raw:
            raise SystemExit(f"copyright files of {first.name} and {other.name} differ")
    stanzas = parse_dep5(raw)
    files_star = next(s for s in stanzas if s.get("Files") == "*")
    licence_name = files_star["License"].split("\n")[0].strip()
    licence_stanza = next(
        s for s in stanzas if "Files" not in s and s.get("License", "").startswith(licence_name)
    )
    licence_body = licence_stanza["License"].split("\n", 1)[1]

    lines = [
        f"Licence of {', '.join(font_files)} (fonts/ of broadsheet).",
        "",
        "Taken from the Debian package(s) "
        + ", ".join(f"{p.name} {p.version}" for p in packages)
        + f", file {copyright_path}.",
        "",
        "Copyright notices in the fonts (name ID 0):",
    ]
    lines += [f"  {notice}" for notice in notices]
    lines += ["", "Debian's copyright record for the font files:", "  Files: *"]
    lines += dep5_field_lines("Copyright", files_star.get("Copyright", ""))
    lines += [f"  License: {licence_name}"]
    lines += dep5_field_lines("Comment", files_star.get("Comment", ""))
    lines += ["", licence_body.strip("\n"), ""]
    return "\n".join(lines)


def write_licences(packages: dict[str, Package]) -> dict[str, dict]:
    """Write the LICENSE-*.txt files; return their SOURCES.json records."""
    records = {}
    for file_name, package_names in LICENCES.items():
        specs = [s for s in FACES if s.licence == file_name]
        notices = []
        for spec in specs:
            package = packages[spec.package]
            source = package.path(spec.source)
            index = select_face(source, spec.family, spec.style)
            font = TTFont(source, lazy=True, **({"fontNumber": index} if index >= 0 else {}))
            notice = english_name(font, 0) or ""
            notice = " / ".join(part.strip() for part in notice.splitlines() if part.strip())
            if notice and notice not in notices:
                notices.append(notice)
        text = licence_text(
            [packages[n] for n in package_names], [s.output for s in specs], notices
        )
        path = FONTS_DIR / file_name
        path.write_text(text, encoding="utf-8")
        records[file_name] = {
            "from": [f"/usr/share/doc/{n}/copyright" for n in package_names],
            "applies_to": [s.output for s in specs],
            "sha256": sha256_file(path),
        }
    return records


def write_sources(packages: dict[str, Package], fonts: dict[str, dict], licences: dict) -> None:
    """Write SOURCES.json (deterministic: no timings, no dates)."""
    data = {
        "generator": "fonts/build_fonts.py",
        "fonttools_version": fontTools.version,
        "packages": {
            name: {
                "version": pkg.version,
                "deb": pkg.deb.name,
                "deb_sha256": sha256_file(pkg.deb),
            }
            for name, pkg in sorted(packages.items())
        },
        "fonts": fonts,
        "licences": licences,
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    (FONTS_DIR / "SOURCES.json").write_text(text, encoding="utf-8")


def write_fonts_yaml() -> None:
    """Write fonts.yaml (role -> face mapping)."""
    path = FONTS_DIR / "fonts.yaml"
    path.write_text(FONTS_YAML, encoding="utf-8")
    try:
        import yaml
    except ImportError:
        return
    data = yaml.safe_load(FONTS_YAML)
    for face in data["faces"].values():
        if not (FONTS_DIR / face["file"]).is_file():
            raise SystemExit(f"fonts.yaml names a missing file: {face['file']}")
    for role, face in data["roles"].items():
        if face not in data["faces"]:
            raise SystemExit(f"fonts.yaml: role {role} uses unknown face {face}")


def write_readme(
    packages: dict[str, Package], fonts: dict[str, dict], timer: Timer, gbk_count: int
) -> None:
    """Write README.md with the file list, licences, rebuild notes and timings."""
    total = sum(rec["output_size"] for rec in fonts.values())
    rows = []
    what = {
        "NotoSerifSC-Regular.ttf": "Noto Serif CJK SC Regular: body text (宋体). "
        "All glyphs and all cmap entries of the SC face, converted to TrueType outlines.",
        "NotoSerifSC-Black.ttf": "Noto Serif CJK SC Black: headlines, masthead. "
        "Display subset, converted to TrueType outlines.",
        "NotoSansSC-Bold.ttf": "Noto Sans CJK SC Bold: kickers, decks, datelines (黑体). "
        "Display subset, converted to TrueType outlines.",
        "LXGWWenKai-Regular.ttf": "LXGW WenKai Regular: bylines, captions (楷体). "
        "Unmodified copy of Debian's file (already TrueType).",
    }
    for spec in FACES:
        rec = fonts[spec.output]
        rows.append(
            f"| `{spec.output}` | {what[spec.output]} | {rec['num_glyphs']} | "
            f"{rec['cmap_entries']} | {fmt_mb(rec['output_size'])} | "
            f"`{spec.licence}` (SIL OFL 1.1) |"
        )
    pkg_rows = [
        f"| `{p.name}` | `{p.version}` |" for p in sorted(packages.values(), key=lambda p: p.name)
    ]
    timing_rows = [f"| {label} | {seconds:.1f} s |" for label, seconds in timer.steps]
    timing_rows.append(f"| **whole build (wall clock)** | {timer.elapsed():.1f} s |")

    text = f"""# fonts/

Fonts bundled with broadsheet, all under the SIL Open Font License 1.1, all
with TrueType (`glyf`) outlines because ReportLab cannot embed CFF outlines.
Everything here except this README's timings is generated reproducibly by
`build_fonts.py`.

| File | What | Glyphs | cmap entries | Size | Licence |
| --- | --- | ---: | ---: | ---: | --- |
{chr(10).join(rows)}

Total size of the fonts: {fmt_mb(total)} (budget {fmt_mb(SIZE_BUDGET)}).

Other files:

- `fonts.yaml`: which face each typographic role uses (see below).
- `SOURCES.json`: for each font its Debian package and version, the source
  file inside the package and its SHA-256, the face picked from the
  collection, the subset rule, and the SHA-256 and size of the output.
- `LICENSE-NotoCJK.txt`, `LICENSE-LXGWWenKai.txt`: the OFL texts and
  copyright notices, taken from the packages' `/usr/share/doc/<pkg>/copyright`.
- `build_fonts.py`: the build script.

## What was done to the fonts

- **Noto (CFF -> TrueType).** The SC face is picked from Debian's `.ttc` by
  its name table. Every glyph is drawn through fontTools' `Cu2QuPen`
  (cubic -> quadratic, max. error {MAX_ERR:g} unit of 1000/em) into
  `TTGlyphPen`; `glyf`/`loca` replace `CFF `, `VORG` is folded into the
  `vmtx` top side bearings, `maxp` becomes version 1.0, `post` format 3,
  `head.glyphDataFormat` 0, hmtx side bearings are set to the new xMin, a
  `gasp` table is added. No hinting. `GSUB`, `GPOS`, `GDEF`, `BASE`, `vhea`,
  `vmtx`, `OS/2` and the whole `name` table are kept; glyph order is unchanged,
  so the layout tables stay valid. Timestamps are the source font's.
- **NotoSerifSC-Regular.ttf is not subset**: every glyph and every cmap
  entry of Noto Serif CJK SC Regular.
- **Display subsets** (Black, Sans Bold): {display_rule(gbk_count)}.
- **LXGW WenKai** is {KAI_NOTE}.

## Rebuilding

```sh
python fonts/build_fonts.py            # download, unpack, build, write metadata
python fonts/build_fonts.py --reuse    # use the .deb files already in fonts/.work/
```

Needs a Debian (or derivative) system with `apt-get`, `dpkg` and `dpkg-deb`,
whose apt sources offer the packages below, and Python with `fontTools`
(`reportlab` too, for the final self-check). The work folder `fonts/.work/`
is git-ignored and can be deleted afterwards. Two runs with the same packages
and the same fontTools version produce byte-identical fonts (compare the
checksums in `SOURCES.json`).

Packages used for the current files:

| Package | Version |
| --- | --- |
{chr(10).join(pkg_rows)}

Time taken by each step of the last build (fontTools {fontTools.version},
Python {sys.version.split()[0]}):

| Step | Time |
| --- | ---: |
{chr(10).join(timing_rows)}

## Using your own fonts

`fonts.yaml` maps faces to typographic roles. Paths are relative to
`fonts.yaml`; absolute paths work too. To set body text in a licensed 宋体
you own, add a face and point the role at it:

```yaml
faces:
  my-song: {{file: /usr/local/share/fonts/MySong.ttf, name: My Song}}
  # a face inside a collection needs its index:
  my-hei:  {{file: /usr/local/share/fonts/MyHei.ttc, index: 1, name: My Hei SC Bold}}
roles:
  body: my-song
```

ReportLab embeds only TrueType outlines; the layout code converts a
CFF-outline `.otf`/`.ttc` face to TrueType once and caches it (see
`layout/fonts.py`). The font's licence must allow embedding (OS/2 `fsType`).
Keep such faces outside the repository: do not commit fonts whose licence
does not allow redistribution.
"""
    (FONTS_DIR / "README.md").write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------
# Self-check
# --------------------------------------------------------------------------


def self_check(fonts: dict[str, dict]) -> None:
    """Load every output with fontTools and, if available, with ReportLab."""
    for name in fonts:
        path = FONTS_DIR / name
        font = TTFont(path)
        if "glyf" not in font or "CFF " in font:
            raise SystemExit(f"{name}: not a TrueType-outline font")
        font["glyf"][font.getGlyphOrder()[1]]  # decompile one glyph
        font.close()
    try:
        from reportlab.pdfbase.ttfonts import TTFont as RLTTFont
    except ImportError:
        log("reportlab not installed: skipped the ReportLab load check")
        return
    for name in fonts:
        RLTTFont(name.rsplit(".", 1)[0], str(FONTS_DIR / name))
    log("all fonts load in fontTools and ReportLab")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use .deb files already in fonts/.work/debs instead of downloading",
    )
    parser.add_argument(
        "--no-check", action="store_true", help="skip the final load check"
    )
    args = parser.parse_args(argv)

    timer = Timer()
    debs = timer.run("download packages (apt-get download)", download_packages, PACKAGES, args.reuse)
    packages = timer.run("unpack packages (dpkg -x)", unpack_packages, debs)
    for pkg in packages.values():
        log(f"{pkg.name} {pkg.version}")

    gbk = timer.run("collect GBK code points", gbk_code_points)
    fonts = {}
    for spec in FACES:
        start = time.perf_counter()
        fonts[spec.output] = build_face(spec, packages[spec.package], gbk, timer)
        timer.steps.append((f"{spec.output}: all steps", time.perf_counter() - start))
        log(f"{spec.output}: {fmt_mb(fonts[spec.output]['output_size'])}")

    total = sum(rec["output_size"] for rec in fonts.values())
    if total > SIZE_BUDGET:
        raise SystemExit(f"fonts total {fmt_mb(total)}, over the {fmt_mb(SIZE_BUDGET)} budget")

    licences = timer.run("licence files", write_licences, packages)
    write_sources(packages, fonts, licences)
    write_fonts_yaml()
    if not args.no_check:
        timer.run("self-check (fontTools + ReportLab load)", self_check, fonts)
    write_readme(packages, fonts, timer, len(gbk))

    for spec in FACES:
        rec = fonts[spec.output]
        print(f"{spec.output}\t{rec['output_size']}\t{rec['output_sha256']}")
    print(f"total\t{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
