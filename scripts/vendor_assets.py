#!/usr/bin/env python3
"""Copy the browser-side front-end assets from ``node_modules`` into ``talent/static/vendor/``.

Run ``npm ci`` first, then ``python scripts/vendor_assets.py`` (or ``npm run build``).

What is produced (every path below is relative to the output folder)::

    gcds/                          @gcds-core/components dist/gcds: the ESM lazy loader
      gcds.esm.js                  (entry point, <script type="module">) + its p-*.js chunks
      gcds.css                     + the global stylesheet
    css-shortcuts/gcds-css-shortcuts.min.css   @gcds-core/css-shortcuts utility classes
    fonts/gcds-fonts.css           one stylesheet with every @font-face of @gcds-core/fonts
    fonts/{lato,noto-sans,...}/    the font files it points to (+ their licences)
    htmx/htmx.min.js
    htmx/htmx-indicators.css       the .htmx-indicator rules htmx would otherwise inject inline
    axe/axe.min.js                 axe-core, for the accessibility checks of the browser tests only
                                   (no page links it; tests/browser/axe.py injects it) + its licence
    chartjs/chart.umd.min.js       Chart.js (UMD build, @kurkle/color bundled in) + its source map and
                                   licence: the charts of reports and dashboards (static/js/charts.js)
    swagger-ui/swagger-ui-bundle.js  Swagger UI (swagger-ui-dist) + its stylesheet, source maps, licence and
    swagger-ui/swagger-ui.css        notice: the interactive API documentation at /api/v1/docs, started by
                                   talent/static/js/api-docs.js (no inline script)
    manifest.json                  versions, the CSP hash of Stencil's one inline <style>, file list

The published stylesheets load their fonts from remote origins (a Google Fonts ``@import`` and the
GC Design System CDN for the icon font).  Those references are rewritten to the local copies of
``@gcds-core/fonts`` (or dropped, for the Google Fonts import, whose faces ``gcds-fonts.css``
provides), so the pages work offline under ``font-src 'self'; style-src 'self'``.  Any *other*
remote ``@import``/``url()`` that a future package version adds makes the script fail, as does any
missing expected file or a ``node_modules`` that does not match the versions pinned in
``package.json``.

The script only uses the standard library, is idempotent (each run replaces the folders it owns
and nothing else) and prints a short summary.  Exit status: 0 on success, 1 on any error.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NODE_MODULES = REPO_ROOT / "node_modules"
DEFAULT_OUT = REPO_ROOT / "talent" / "static" / "vendor"

# Sub-folders / files of the output folder that this script owns (and replaces on every run).
MANAGED = ("gcds", "css-shortcuts", "fonts", "htmx", "axe", "chartjs", "swagger-ui", "manifest.json")

PACKAGES = (
    "@gcds-core/components",
    "@gcds-core/css-shortcuts",
    "@gcds-core/fonts",
    "htmx.org",
    "axe-core",
    "chart.js",
    "swagger-ui-dist",
)

# Font stylesheets of @gcds-core/fonts, concatenated (in this order) into fonts/gcds-fonts.css.
FONT_STYLESHEETS = (
    "lato/gcds-lato.css",
    "noto-sans/gcds-noto-sans.css",
    "noto-sans-mono/gcds-noto-sans-mono.css",
    "icons/gcds-icons.css",
)
# Placeholders the font stylesheets ship with instead of a real path.
FONT_PATH_PLACEHOLDERS = ("path/to/file/", "<path-to-file>/")
FONT_EXTENSIONS = (".woff2", ".woff", ".ttf", ".eot", ".svg")
LICENCE_FILES = ("LICENSE.txt", "LICENSE", "LICENSE.md")

# Remote stylesheets that are dropped (not fetched): gcds-fonts.css declares the same families.
DROPPABLE_IMPORT_HOSTS = ("fonts.googleapis.com",)
# Remote font files that are mapped to the local copy of @gcds-core/fonts, by path after "@version/".
FONT_CDN_RE = re.compile(r"^https://cdn\.design-system\.canada\.ca/@gcds-core/fonts@[^/]+/(?P<path>.+)$")

# What a vendored script must not do under ``script-src 'self'; style-src 'self'`` (no eval, no inline style).
SWAGGER_UI_FILES = (
    "swagger-ui-bundle.js",
    "swagger-ui-bundle.js.map",
    "swagger-ui.css",
    "swagger-ui.css.map",
    "LICENSE",
    "NOTICE",
)
CHARTJS_BANNED = ("eval(", "new Function", "innerHTML", "insertRule", 'createElement("style")', ".cssText")

HTMX_INDICATOR_CSS = """\
/* What htmx 2 injects as an inline <style> when htmx.config.includeIndicatorStyles is true.
   We set it to false (CSP: style-src 'self') and serve the same rules from this file. */
.htmx-indicator{opacity:0;visibility:hidden}
.htmx-request .htmx-indicator,
.htmx-request.htmx-indicator{opacity:1;visibility:visible;transition:opacity 200ms ease-in}
"""

# Stencil's lazy loader (bootstrapLazy) inserts ONE inline <style> into <head>:
#   "<every component tag, sorted, comma-joined>{visibility:hidden}.hydrated{visibility:inherit}"
# Its SHA-256 is what `style-src` needs to allow it without 'unsafe-inline'.
STENCIL_HYDRATED_RULES = "{visibility:hidden}.hydrated{visibility:inherit}"

CSS_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
# @import url("x") / @import url(x) / @import "x" , up to the terminating semicolon.
CSS_IMPORT_RE = re.compile(
    r"""@import\s+(?:url\(\s*(?P<q1>['"]?)(?P<u1>[^'")]*)(?P=q1)\s*\)|(?P<q2>['"])(?P<u2>[^'"]*)(?P=q2))[^;]*;?""",
    re.I,
)
CSS_URL_RE = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<url>[^'")]*)(?P=q)\s*\)""", re.I)
REMOTE_RE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, //host


UrlMap = Callable[[str], "str | None"]


class VendorError(Exception):
    """A problem that must stop the build (missing file, unexpected remote reference, ...)."""


@dataclass
class Summary:
    files: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, group: str, rel: str) -> None:
        self.files.setdefault(group, []).append(rel)


def is_remote(url: str) -> bool:
    return bool(REMOTE_RE.match(url))


def _strip_comments_keep_offsets(css: str) -> str:
    """Blank out comments (same length) so regex offsets still match the original text."""
    return CSS_COMMENT_RE.sub(lambda m: " " * len(m.group(0)), css)


def rewrite_css(css: str, url_map: UrlMap, *, source: str) -> tuple[str, list[str]]:
    """Rewrite the remote references of one stylesheet.

    ``url_map(url) -> str | None`` returns the local replacement for a remote ``url()`` or ``None``
    when it has none.  Remote ``@import``s of ``DROPPABLE_IMPORT_HOSTS`` are removed; anything
    remote that is left raises ``VendorError``.  Returns the new text and a list of notes.
    """
    notes: list[str] = []
    scan = _strip_comments_keep_offsets(css)
    out: list[str] = []
    pos = 0
    for m in CSS_IMPORT_RE.finditer(scan):
        url = m.group("u1") if m.group("u1") is not None else m.group("u2")
        if not is_remote(url):
            continue
        host = re.sub(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", "", url, flags=re.I).split("/", 1)[0]
        if host.lower() not in DROPPABLE_IMPORT_HOSTS:
            raise VendorError(
                f"{source}: unexpected remote @import of {url!r}; teach scripts/vendor_assets.py"
            )
        out.append(css[pos : m.start()])
        out.append("/* vendor_assets.py: removed a remote font @import; fonts: fonts/gcds-fonts.css */")
        pos = m.end()
        notes.append(f"{source}: dropped remote @import ({host})")
    out.append(css[pos:])
    css = "".join(out)

    scan = _strip_comments_keep_offsets(css)
    out = []
    pos = 0
    for m in CSS_URL_RE.finditer(scan):
        url = m.group("url")
        if not is_remote(url):
            continue
        local = url_map(url)
        if local is None:
            raise VendorError(
                f"{source}: remote url({url}) has no local copy; teach scripts/vendor_assets.py"
            )
        out.append(css[pos : m.start()])
        out.append(f'url("{local}")')
        pos = m.end()
        notes.append(f"{source}: {url} -> {local}")
    out.append(css[pos:])
    css = "".join(out)

    leftovers = remote_css_references(css)
    if leftovers:
        raise VendorError(f"{source}: remote references left after rewriting: {leftovers}")
    return css, notes


def remote_css_references(css: str) -> list[str]:
    """Remote URLs loaded by a stylesheet through @import or url(), comments ignored."""
    scan = _strip_comments_keep_offsets(css)
    found = []
    for m in CSS_IMPORT_RE.finditer(scan):
        url = m.group("u1") if m.group("u1") is not None else m.group("u2")
        if is_remote(url):
            found.append(url)
    found.extend(m.group("url") for m in CSS_URL_RE.finditer(scan) if is_remote(m.group("url")))
    return found


def local_css_references(css: str) -> list[str]:
    """Relative URLs of url()/@import (data: and fragment-only ones excluded)."""
    scan = _strip_comments_keep_offsets(css)
    refs = [m.group("url") for m in CSS_URL_RE.finditer(scan)]
    refs += [m.group("u1") or m.group("u2") or "" for m in CSS_IMPORT_RE.finditer(scan)]
    return [
        r
        for r in refs
        if r and not is_remote(r) and not r.lower().startswith(("data:", "#")) and ":" not in r.split("/")[0]
    ]


def stencil_style_hash(loader_js: str, *, source: str) -> tuple[str, str]:
    """(CSP source, style text) of the inline <style> Stencil's lazy loader adds to <head>."""
    m = re.search(r"JSON\.parse\('(?P<json>\[\[.*?\]\])'\)", loader_js, re.S)
    if not m:
        raise VendorError(f"{source}: cannot find the lazy-load component manifest (Stencil build changed?)")
    if "\\" in m.group("json"):
        raise VendorError(
            f"{source}: escaped characters in the lazy-load manifest; update stencil_style_hash()"
        )
    try:
        bundles = json.loads(m.group("json"))
        tags = [cmp[1] for bundle in bundles for cmp in bundle[1]]
    except (ValueError, IndexError, TypeError) as exc:
        raise VendorError(f"{source}: unreadable lazy-load manifest: {exc}") from exc
    if not tags or not all(isinstance(t, str) and "-" in t for t in tags):
        raise VendorError(f"{source}: unexpected component list in the lazy-load manifest: {tags[:5]}")
    # JS Array.prototype.sort() without comparator == UTF-16 code-unit order == Python order for ASCII.
    text = ",".join(sorted(tags)) + STENCIL_HYDRATED_RULES
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'", text


class Builder:
    def __init__(self, node_modules: Path, stage: Path, summary: Summary) -> None:
        self.nm = node_modules
        self.stage = stage
        self.summary = summary
        self.versions: dict[str, str] = {}

    # -- helpers -----------------------------------------------------------------------------
    def pkg(self, name: str) -> Path:
        return self.nm / name

    def need(self, path: Path, what: str) -> Path:
        if not path.is_file():
            raise VendorError(f"missing {what}: {path} (run `npm ci` at the repository root)")
        return path

    def copy(self, src: Path, rel: str, group: str) -> None:
        dst = self.stage / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        self.summary.add(group, rel)

    def write(self, rel: str, text: str, group: str) -> None:
        dst = self.stage / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(text, encoding="utf-8", newline="\n")
        self.summary.add(group, rel)

    # -- steps -------------------------------------------------------------------------------
    def check_versions(self, package_json: Path | None) -> None:
        pinned: dict[str, str] = {}
        if package_json is not None and package_json.is_file():
            pinned = json.loads(package_json.read_text(encoding="utf-8")).get("dependencies", {})
        if not self.nm.is_dir():
            raise VendorError(f"missing {self.nm} (run `npm ci` at the repository root)")
        for name in PACKAGES:
            meta = json.loads(
                self.need(self.pkg(name) / "package.json", f"{name} package").read_text("utf-8")
            )
            self.versions[name] = meta["version"]
            want = pinned.get(name)
            if want is not None and want != meta["version"]:
                raise VendorError(
                    f"{name}: node_modules has {meta['version']} but package.json pins {want} (run `npm ci`)"
                )

    def fonts(self) -> None:
        root = self.pkg("@gcds-core/fonts") / "fonts"
        parts = [
            "/* @gcds-core/fonts " + self.versions["@gcds-core/fonts"] + ", paths rewritten by"
            " scripts/vendor_assets.py. Licences: see the LICENSE.txt next to each font. */\n"
        ]
        for rel_css in FONT_STYLESHEETS:
            src = self.need(root / rel_css, "@gcds-core/fonts stylesheet")
            subdir = rel_css.split("/", 1)[0]
            css = src.read_text(encoding="utf-8")
            for placeholder in FONT_PATH_PLACEHOLDERS:
                css = css.replace(placeholder, f"{subdir}/")
            rewritten, notes = rewrite_css(css, lambda _url: None, source=f"@gcds-core/fonts/{rel_css}")
            self.summary.notes.extend(notes)
            parts.append(f"\n/* ---- {rel_css} ---- */\n{rewritten}")
            # Copy every font file of that family, and its licence.
            files = sorted(p for p in (root / subdir).iterdir() if p.suffix.lower() in FONT_EXTENSIONS)
            if not any(p.suffix == ".woff2" or p.suffix == ".woff" for p in files):
                raise VendorError(f"missing font files in {root / subdir}")
            for p in files:
                self.copy(p, f"fonts/{subdir}/{p.name}", "@gcds-core/fonts")
            for lic in LICENCE_FILES:
                if (root / subdir / lic).is_file():
                    self.copy(root / subdir / lic, f"fonts/{subdir}/{lic}", "@gcds-core/fonts")
        self.write("fonts/gcds-fonts.css", "".join(parts), "@gcds-core/fonts")

    def font_cdn_to_local(self, prefix: str) -> UrlMap:
        """url_map for the GCDS font CDN: 'https://cdn.../@gcds-core/fonts@1.1.1/icons/x.ttf' -> local."""

        def mapper(url: str) -> str | None:
            m = FONT_CDN_RE.match(url.strip())
            if not m:
                return None
            path = m.group("path").split("?", 1)[0].split("#", 1)[0]
            if not (self.stage / "fonts" / path).is_file():
                raise VendorError(f"{url}: no local copy at fonts/{path} in @gcds-core/fonts")
            return f"{prefix}fonts/{path}"

        return mapper

    def components(self) -> tuple[str, str]:
        dist = self.pkg("@gcds-core/components") / "dist" / "gcds"
        loader = self.need(dist / "gcds.esm.js", "@gcds-core/components ESM loader")
        self.need(dist / "gcds.css", "@gcds-core/components stylesheet")
        chunks = sorted(dist.glob("p-*.js"))
        if not chunks:
            raise VendorError(f"missing the lazy-loaded chunks (p-*.js) in {dist} (run `npm ci`)")
        # Every relative module the loader and its chunks import must be shipped.
        for js in [loader, *chunks]:
            for spec in re.findall(
                r"""(?:from\s*|import\s*\(\s*)["'](\.[^"']+)["']""", js.read_text("utf-8")
            ):
                if not (dist / spec).resolve().is_file():
                    raise VendorError(f"{js.name} imports {spec}, which is missing from {dist}")
        for p in sorted(dist.iterdir()):
            if p.is_dir():
                raise VendorError(f"unexpected folder {p} in the gcds dist; update scripts/vendor_assets.py")
            if p.name == "gcds.css":
                css, notes = rewrite_css(
                    p.read_text(encoding="utf-8"), self.font_cdn_to_local("../"), source="gcds/gcds.css"
                )
                self.summary.notes.extend(notes)
                self.write("gcds/gcds.css", css, "@gcds-core/components")
            else:
                self.copy(p, f"gcds/{p.name}", "@gcds-core/components")
        return stencil_style_hash(loader.read_text(encoding="utf-8"), source=str(loader))

    def css_shortcuts(self) -> None:
        src = self.need(
            self.pkg("@gcds-core/css-shortcuts") / "dist" / "gcds-css-shortcuts.min.css",
            "@gcds-core/css-shortcuts stylesheet",
        )
        css, notes = rewrite_css(
            src.read_text(encoding="utf-8"),
            self.font_cdn_to_local("../"),
            source="css-shortcuts/gcds-css-shortcuts.min.css",
        )
        self.summary.notes.extend(notes)
        self.write("css-shortcuts/gcds-css-shortcuts.min.css", css, "@gcds-core/css-shortcuts")

    def htmx(self) -> None:
        src = self.need(self.pkg("htmx.org") / "dist" / "htmx.min.js", "htmx.org minified build")
        self.copy(src, "htmx/htmx.min.js", "htmx.org")
        self.write("htmx/htmx-indicators.css", HTMX_INDICATOR_CSS, "htmx.org")

    def axe(self) -> None:
        """axe-core, which the browser tests inject to check every page against WCAG 2.1 A and AA."""
        root = self.pkg("axe-core")
        self.copy(self.need(root / "axe.min.js", "axe-core minified build"), "axe/axe.min.js", "axe-core")
        self.copy(self.need(root / "LICENSE", "axe-core licence"), "axe/LICENSE", "axe-core")

    def chartjs(self) -> None:
        """Chart.js: draws on a <canvas> from the data the page gives it (talent/static/js/charts.js reads
        it from a ``data-chart`` attribute). Its build uses no eval and no inline style (sizes go through
        the CSSOM, which ``style-src 'self'`` allows): checked here, so a version that did would fail."""
        dist = self.pkg("chart.js") / "dist"
        src = self.need(dist / "chart.umd.min.js", "chart.js UMD build")
        js = src.read_text(encoding="utf-8")
        for banned in CHARTJS_BANNED:
            if banned in js:
                raise VendorError(f"chart.js/dist/chart.umd.min.js uses {banned!r}, which the CSP forbids")
        self.copy(src, "chartjs/chart.umd.min.js", "chart.js")
        self.copy(
            self.need(dist / "chart.umd.min.js.map", "chart.js source map"),
            "chartjs/chart.umd.min.js.map",
            "chart.js",
        )
        self.copy(
            self.need(self.pkg("chart.js") / "LICENSE.md", "chart.js licence"),
            "chartjs/LICENSE.md",
            "chart.js",
        )

    def swagger_ui(self) -> None:
        """Swagger UI, the interactive documentation of the public API (``/api/v1/docs``). Only the
        self-contained bundle (React included) and its stylesheet: not the package's ``index.html`` and
        ``swagger-initializer.js`` (an inline-script page and a demo start-up pointing at petstore).
        Its stylesheet loads nothing (``data:`` images only); the stylesheet check below holds it to that.
        The bundle's only ``Function("return this")`` are global-object fallbacks that a browser, which
        has ``globalThis``, never reaches; no eval."""
        root = self.pkg("swagger-ui-dist")
        js = self.need(root / "swagger-ui-bundle.js", "swagger-ui-dist bundle").read_text("utf-8")
        if re.search(r"\beval\(", js):
            raise VendorError("swagger-ui-dist/swagger-ui-bundle.js uses 'eval(', which the CSP forbids")
        for name in SWAGGER_UI_FILES:
            self.copy(
                self.need(root / name, f"swagger-ui-dist {name}"), f"swagger-ui/{name}", "swagger-ui-dist"
            )

    def verify(self) -> None:
        """Every produced stylesheet: no remote loads left, every local url() resolves."""
        for css_path in sorted(self.stage.rglob("*.css")):
            css = css_path.read_text(encoding="utf-8")
            rel = css_path.relative_to(self.stage).as_posix()
            remote = remote_css_references(css)
            if remote:
                raise VendorError(f"{rel}: still loads remote {remote}")
            for ref in local_css_references(css):
                target = (css_path.parent / ref.split("?", 1)[0].split("#", 1)[0]).resolve()
                if not target.is_file():
                    raise VendorError(f"{rel}: url({ref}) points to a file that was not produced")


def build(
    node_modules: Path, out: Path, package_json: Path | None = REPO_ROOT / "package.json"
) -> dict[str, Any]:
    """Produce the vendor folder; returns the manifest.  Raises VendorError on any problem."""
    summary = Summary()
    out.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".vendor-stage-", dir=out.parent))
    try:
        b = Builder(node_modules, stage, summary)
        b.check_versions(package_json)
        b.fonts()  # first: the CDN font mapping checks the local font files exist
        style_hash, style_text = b.components()
        b.css_shortcuts()
        b.htmx()
        b.axe()
        b.chartjs()
        b.swagger_ui()
        b.verify()
        manifest = {
            "generated_by": "scripts/vendor_assets.py",
            "versions": dict(sorted(b.versions.items())),
            "entry_points": {
                "stylesheets": [
                    "fonts/gcds-fonts.css",
                    "css-shortcuts/gcds-css-shortcuts.min.css",
                    "gcds/gcds.css",
                    "htmx/htmx-indicators.css",
                    "swagger-ui/swagger-ui.css",
                ],
                "module_scripts": ["gcds/gcds.esm.js"],
                "scripts": [
                    "htmx/htmx.min.js",
                    "chartjs/chart.umd.min.js",
                    "swagger-ui/swagger-ui-bundle.js",
                ],
                "test_scripts": ["axe/axe.min.js"],
            },
            "csp": {
                "style_src_hashes": [style_hash],
                "style_src_hashes_reason": "the one inline <style> Stencil's lazy loader adds to <head>: "
                + style_text,
            },
            "files": {k: sorted(v) for k, v in sorted(summary.files.items())},
        }
        (stage / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        # Swap the managed entries in; anything else in `out` is left alone.
        for name in MANAGED:
            dst = out / name
            if dst.is_dir() and not dst.is_symlink():
                shutil.rmtree(dst)
            elif dst.exists() or dst.is_symlink():
                dst.unlink()
            os.replace(stage / name, dst)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    manifest["_notes"] = summary.notes
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--node-modules", type=Path, default=DEFAULT_NODE_MODULES, help="default: %(default)s"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: %(default)s")
    parser.add_argument(
        "--package-json",
        type=Path,
        default=REPO_ROOT / "package.json",
        help="pinned versions to check node_modules against (default: %(default)s)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    args = parser.parse_args(argv)
    try:
        manifest = build(args.node_modules.resolve(), args.out.resolve(), args.package_json)
    except VendorError as exc:
        print(f"vendor_assets.py: ERROR: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        out = args.out.resolve()
        print(f"vendor_assets.py: wrote {out}")
        for pkg, files in manifest["files"].items():
            size = sum((out / f).stat().st_size for f in files)
            print(f"  {pkg}@{manifest['versions'][pkg]}: {len(files)} files, {size / 1024:.0f} KiB")
        for note in manifest["_notes"]:
            print(f"  rewrote {note}")
        print(f"  CSP style-src hash for Stencil's inline <style>: {manifest['csp']['style_src_hashes'][0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
