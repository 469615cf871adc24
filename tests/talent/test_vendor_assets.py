"""scripts/vendor_assets.py: the vendored front-end assets load nothing from another origin.

The tests that run the script on the real packages need ``node_modules`` (``npm ci`` at the repository
root) and are skipped, with that reason, when it is absent.  The rewrite rules are also tested on
small synthetic stylesheets, which needs nothing.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "vendor_assets.py"
NODE_MODULES = REPO_ROOT / "node_modules"
PACKAGE_JSON = REPO_ROOT / "package.json"

needs_node_modules = pytest.mark.skipif(
    not (NODE_MODULES / "@gcds-core" / "components" / "package.json").is_file(),
    reason=f"{NODE_MODULES} is absent: run `npm ci` at the repository root to test the vendored assets",
)

ENTRY_FILES = (
    "gcds/gcds.esm.js",
    "gcds/gcds.css",
    "css-shortcuts/gcds-css-shortcuts.min.css",
    "fonts/gcds-fonts.css",
    "fonts/noto-sans/gcds-noto-sans-regular.woff2",
    "fonts/lato/gcds-lato.woff2",
    "fonts/icons/gcds-icons.woff",
    "htmx/htmx.min.js",
    "htmx/htmx-indicators.css",
    "axe/axe.min.js",
    "axe/LICENSE",
    "chartjs/chart.umd.min.js",
    "chartjs/LICENSE.md",
    "swagger-ui/swagger-ui-bundle.js",
    "swagger-ui/swagger-ui.css",
    "swagger-ui/LICENSE",
    "manifest.json",
)

# Written independently of the script's own regexes on purpose.
COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*['"]?([^'")\s]+)|['"]([^'"]+)['"])""", re.I)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.I)
JS_SPECIFIER = re.compile(r"""(?:\bfrom|\bimport)\s*\(?\s*(["'`])([^"'`]+)\1""")
JS_SOURCEMAP = re.compile(r"sourceMappingURL=(\S+)")
REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def run_script(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def load_script_module():
    spec = importlib.util.spec_from_file_location("vendor_assets_under_test", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


def css_loads(css: str) -> list[str]:
    """URLs a stylesheet loads through @import or url(), comments excluded."""
    css = COMMENT.sub("", css)
    found = [a or b for a, b in CSS_IMPORT.findall(css)]
    found += CSS_URL.findall(css)
    return found


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def vendored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (NODE_MODULES / "@gcds-core" / "components" / "package.json").is_file():
        pytest.skip(f"{NODE_MODULES} is absent: run `npm ci` at the repository root")
    out = tmp_path_factory.mktemp("vendor-build") / "vendor"
    result = run_script("--node-modules", NODE_MODULES, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "vendor_assets.py: wrote" in result.stdout
    return out


# --- on the real packages ----------------------------------------------------------------------


@needs_node_modules
def test_expected_entry_files_exist(vendored: Path) -> None:
    missing = [f for f in ENTRY_FILES if not (vendored / f).is_file()]
    assert not missing, missing
    assert list((vendored / "gcds").glob("p-*.js")), "the loader's lazy chunks were not copied"


@needs_node_modules
def test_no_stylesheet_loads_from_another_origin(vendored: Path) -> None:
    sheets = sorted(vendored.rglob("*.css"))
    assert len(sheets) >= 4
    for sheet in sheets:
        css = sheet.read_text(encoding="utf-8")
        remote = [u for u in css_loads(css) if REMOTE.match(u)]
        assert not remote, f"{sheet.relative_to(vendored)} loads {remote}"
        # The two origins the published packages use are gone, even from comments.
        for host in ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.design-system.canada.ca"):
            assert host not in css, f"{sheet.relative_to(vendored)} still names {host}"


@needs_node_modules
def test_every_local_css_url_resolves(vendored: Path) -> None:
    for sheet in sorted(vendored.rglob("*.css")):
        for url in css_loads(sheet.read_text(encoding="utf-8")):
            if url.startswith(("data:", "#")):
                continue
            target = sheet.parent / url.split("#", 1)[0].split("?", 1)[0]
            assert target.is_file(), f"{sheet.relative_to(vendored)}: url({url}) does not resolve"


@needs_node_modules
def test_fonts_come_from_the_local_gcds_fonts(vendored: Path) -> None:
    fonts_css = (vendored / "fonts" / "gcds-fonts.css").read_text(encoding="utf-8")
    for family in ('"Noto Sans"', '"Lato"', '"Noto Sans Mono"', '"gcds-icons"'):
        assert f"font-family: {family}" in fonts_css, family
    rules = COMMENT.sub("", fonts_css)
    assert "path/to/file" not in rules
    assert "<path-to-file>" not in rules
    gcds_css = (vendored / "gcds" / "gcds.css").read_text(encoding="utf-8")
    assert 'url("../fonts/icons/gcds-icons.woff")' in gcds_css


@needs_node_modules
def test_no_script_loads_from_another_origin(vendored: Path) -> None:
    scripts = sorted(vendored.rglob("*.js"))
    assert len(scripts) >= 3
    for script in scripts:
        js = script.read_text(encoding="utf-8")
        for _quote, spec in JS_SPECIFIER.findall(js):
            if not spec.startswith((".", "/")) and not REMOTE.match(spec):
                continue  # a string that merely follows the word "from"/"import", not a module path
            assert not REMOTE.match(spec), f"{script.relative_to(vendored)} imports {spec}"
            if "${" not in spec:
                assert (script.parent / spec).resolve().is_file(), f"{script.name}: {spec} missing"
        for url in JS_SOURCEMAP.findall(js):
            assert not REMOTE.match(url), f"{script.relative_to(vendored)} maps to {url}"
    # The loader's dynamic import(`./${bundle}.entry.js`) needs the entry chunks next to it.
    assert list((vendored / "gcds").glob("p-*.entry.js"))


@needs_node_modules
def test_manifest_has_the_csp_hash_of_stencils_inline_style(vendored: Path) -> None:
    manifest = json.loads((vendored / "manifest.json").read_text(encoding="utf-8"))
    loader = (vendored / "gcds" / "gcds.esm.js").read_text(encoding="utf-8")
    tags = sorted(set(re.findall(r'"(gcds-[a-z-]+)",\{', loader)))
    assert "gcds-input" in tags and "gcds-header" in tags
    text = ",".join(tags) + "{visibility:hidden}.hydrated{visibility:inherit}"
    expected = "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
    assert manifest["csp"]["style_src_hashes"] == [expected]
    from talent.config import GCDS_LOADER_STYLE_HASH

    assert manifest["csp"]["style_src_hashes"] == [GCDS_LOADER_STYLE_HASH], (
        "update the hash in talent/config.py"
    )
    pinned = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))["dependencies"]
    assert manifest["versions"] == dict(sorted(pinned.items()))


@needs_node_modules
def test_axe_is_vendored_for_the_browser_tests_and_linked_from_no_page(vendored: Path) -> None:
    manifest = json.loads((vendored / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["entry_points"]["test_scripts"] == ["axe/axe.min.js"]
    assert manifest["files"]["axe-core"] == ["axe/LICENSE", "axe/axe.min.js"]
    axe = (vendored / "axe" / "axe.min.js").read_text(encoding="utf-8")
    pinned = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))["dependencies"]["axe-core"]
    assert f'axe.version="{pinned}"' in axe
    assert (vendored / "axe" / "LICENSE").read_text(encoding="utf-8").startswith("Mozilla Public License")
    # Only the tests load it: no template of the app links it.
    templates = [*REPO_ROOT.glob("*/templates/**/*.html"), *REPO_ROOT.glob("*/*/templates/**/*.html")]
    assert templates
    assert not [t for t in templates if "vendor/axe" in t.read_text(encoding="utf-8")]


@needs_node_modules
def test_a_missing_axe_core_fails_loudly(tmp_path: Path) -> None:
    fake = tmp_path / "node_modules"
    fake.mkdir()
    for name in ("@gcds-core", "htmx.org", "chart.js", "swagger-ui-dist"):
        (fake / name).symlink_to(NODE_MODULES / name)
    (fake / "axe-core").mkdir()
    (fake / "axe-core" / "package.json").write_bytes(
        (NODE_MODULES / "axe-core" / "package.json").read_bytes()
    )
    result = run_script("--node-modules", fake, "--out", tmp_path / "vendor")
    assert result.returncode == 1
    assert "ERROR: missing axe-core minified build" in result.stderr and "axe.min.js" in result.stderr


@needs_node_modules
def test_chartjs_is_vendored_and_uses_nothing_the_csp_forbids(vendored: Path) -> None:
    manifest = json.loads((vendored / "manifest.json").read_text(encoding="utf-8"))
    assert "chartjs/chart.umd.min.js" in manifest["entry_points"]["scripts"]
    assert manifest["files"]["chart.js"] == [
        "chartjs/LICENSE.md",
        "chartjs/chart.umd.min.js",
        "chartjs/chart.umd.min.js.map",
    ]
    js = (vendored / "chartjs" / "chart.umd.min.js").read_text(encoding="utf-8")
    pinned = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))["dependencies"]["chart.js"]
    assert js.startswith(f"/*!\n * Chart.js v{pinned}\n")
    # No eval and no string compiled to code (CSP without 'unsafe-eval'); no <style> element, style rule or
    # style attribute written as text (CSP without 'unsafe-inline' for styles): sizes go through the CSSOM.
    for forbidden in (
        r"\beval\(",
        r"new Function\b",
        r"\bFunction\(",
        r"innerHTML",
        r"insertRule",
        r"cssText",
        r"createElement\(['\"]style",
        r"setAttribute\(['\"]style",
    ):
        assert not re.search(forbidden, js), forbidden
    assert re.search(r"\.style\[t\]=", js), "sizes restored through the CSSOM (the pattern the CSP allows)"
    assert (vendored / "chartjs" / "LICENSE.md").read_text(encoding="utf-8").startswith("The MIT License")


@needs_node_modules
def test_swagger_ui_is_vendored_without_its_demo_page_and_loads_nothing_remote(vendored: Path) -> None:
    """The API's interactive documentation (/api/v1/docs): the bundle and its stylesheet, not the package's
    index.html (an inline script) nor its petstore start-up script; no eval, no remote stylesheet."""
    manifest = json.loads((vendored / "manifest.json").read_text(encoding="utf-8"))
    assert "swagger-ui/swagger-ui-bundle.js" in manifest["entry_points"]["scripts"]
    assert "swagger-ui/swagger-ui.css" in manifest["entry_points"]["stylesheets"]
    assert manifest["files"]["swagger-ui-dist"] == [
        "swagger-ui/LICENSE",
        "swagger-ui/NOTICE",
        "swagger-ui/swagger-ui-bundle.js",
        "swagger-ui/swagger-ui-bundle.js.map",
        "swagger-ui/swagger-ui.css",
        "swagger-ui/swagger-ui.css.map",
    ]
    pinned = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))["dependencies"]["swagger-ui-dist"]
    assert manifest["versions"]["swagger-ui-dist"] == pinned
    js = (vendored / "swagger-ui" / "swagger-ui-bundle.js").read_text(encoding="utf-8")
    assert not re.search(r"\beval\(", js)
    # Its Function("return this") are fallbacks behind globalThis/self, which every browser has.
    assert "globalThis" in js
    assert not (vendored / "swagger-ui" / "index.html").exists()
    assert not (vendored / "swagger-ui" / "swagger-initializer.js").exists()
    css = (vendored / "swagger-ui" / "swagger-ui.css").read_text(encoding="utf-8")
    assert not [u for u in css_loads(css) if not u.startswith("data:")]


@needs_node_modules
def test_a_chartjs_that_would_need_eval_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "node_modules"
    fake.mkdir()
    for name in ("@gcds-core", "htmx.org", "axe-core", "swagger-ui-dist"):
        (fake / name).symlink_to(NODE_MODULES / name)
    dist = fake / "chart.js" / "dist"
    dist.mkdir(parents=True)
    (fake / "chart.js" / "package.json").write_bytes(
        (NODE_MODULES / "chart.js" / "package.json").read_bytes()
    )
    (fake / "chart.js" / "LICENSE.md").write_text("MIT", encoding="utf-8")
    (dist / "chart.umd.min.js.map").write_text("{}", encoding="utf-8")
    (dist / "chart.umd.min.js").write_text("var f=new Function('return 1');", encoding="utf-8")
    result = run_script("--node-modules", fake, "--out", tmp_path / "vendor")
    assert result.returncode == 1
    assert "uses 'new Function', which the CSP forbids" in result.stderr
    (dist / "chart.umd.min.js").write_text("var f=1;", encoding="utf-8")
    assert run_script("--node-modules", fake, "--out", tmp_path / "vendor").returncode == 0


@needs_node_modules
def test_rerun_is_idempotent_and_leaves_other_files_alone(vendored: Path) -> None:
    before = tree_digest(vendored)
    (vendored / "keep-me.txt").write_text("not ours", encoding="utf-8")
    (vendored / "gcds" / "stale.js").write_text("old build", encoding="utf-8")
    result = run_script("--node-modules", NODE_MODULES, "--out", vendored, "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    after = tree_digest(vendored)
    assert after.pop("keep-me.txt")
    assert after == before  # stale.js is gone, everything else is byte-identical
    assert not [p for p in vendored.parent.iterdir() if p.name.startswith(".vendor-stage-")]


@needs_node_modules
def test_a_missing_file_fails_loudly_and_writes_nothing(tmp_path: Path) -> None:
    fake = tmp_path / "node_modules"
    (fake / "@gcds-core").mkdir(parents=True)
    for name in ("components", "css-shortcuts", "fonts"):
        (fake / "@gcds-core" / name).symlink_to(NODE_MODULES / "@gcds-core" / name)
    (fake / "axe-core").symlink_to(NODE_MODULES / "axe-core")
    (fake / "chart.js").symlink_to(NODE_MODULES / "chart.js")
    (fake / "swagger-ui-dist").symlink_to(NODE_MODULES / "swagger-ui-dist")
    (fake / "htmx.org").mkdir()
    htmx_meta = (NODE_MODULES / "htmx.org" / "package.json").read_bytes()
    (fake / "htmx.org" / "package.json").write_bytes(htmx_meta)
    out = tmp_path / "vendor"
    result = run_script("--node-modules", fake, "--out", out)
    assert result.returncode == 1
    assert "ERROR: missing htmx.org minified build" in result.stderr
    assert "htmx.min.js" in result.stderr and "npm ci" in result.stderr
    assert not out.exists() or not any(out.iterdir())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".vendor-stage-")]


@needs_node_modules
def test_a_version_other_than_the_pinned_one_fails(tmp_path: Path) -> None:
    pinned = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))
    pinned["dependencies"]["htmx.org"] = "0.0.1"
    other = tmp_path / "package.json"
    other.write_text(json.dumps(pinned), encoding="utf-8")
    result = run_script("--node-modules", NODE_MODULES, "--out", tmp_path / "vendor", "--package-json", other)
    assert result.returncode == 1
    assert "package.json pins 0.0.1" in result.stderr


def test_missing_node_modules_fails_loudly(tmp_path: Path) -> None:
    result = run_script("--node-modules", tmp_path / "nope", "--out", tmp_path / "vendor")
    assert result.returncode == 1
    assert "npm ci" in result.stderr


# --- the rewrite rules, on synthetic stylesheets ----------------------------------------------------


def test_rewrite_drops_the_google_fonts_import_and_maps_the_font_cdn() -> None:
    va = load_script_module()
    css = (
        '@import url("https://fonts.googleapis.com/css2?family=Lato:ital,wght@0,400;0,700&display=swap");'
        ":root{--x:1}"
        "@font-face{font-family:gcds-icons;src:url(https://cdn.design-system.canada.ca/@gcds-core/fonts@1.1.1/"
        'icons/gcds-icons.woff) format("woff")}'
        "/* url(https://example.org/in-a-comment.png) is not a load */"
        ".a{background:url(data:image/png;base64,AAAA)}"
    )

    def mapper(url: str) -> str | None:
        return "../fonts/icons/gcds-icons.woff" if url.endswith("/icons/gcds-icons.woff") else None

    out, notes = va.rewrite_css(css, mapper, source="t.css")
    assert ":root{--x:1}" in out
    assert 'url("../fonts/icons/gcds-icons.woff") format("woff")' in out
    assert "googleapis" not in out
    assert va.remote_css_references(out) == []
    assert len(notes) == 2


@pytest.mark.parametrize(
    "css",
    [
        '@import url("https://evil.example/x.css");',
        "@import 'https://evil.example/x.css';",
        ".a{background:url(https://evil.example/x.png)}",
        ".a{background:url('//evil.example/x.png')}",
    ],
)
def test_rewrite_refuses_unknown_remote_references(css: str) -> None:
    va = load_script_module()
    with pytest.raises(va.VendorError, match=r"t\.css"):
        va.rewrite_css(css, lambda _url: None, source="t.css")
