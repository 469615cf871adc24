"""axe-core in a Playwright page: the WCAG 2.1 A and AA violations of what the page shows now.

The script is the copy ``scripts/vendor_assets.py`` puts in ``talent/static/vendor/axe/`` (from the
``axe-core`` npm package pinned in ``package.json``); no page of the app links it. It is evaluated through
the DevTools protocol, which the page's Content-Security-Policy does not govern, so the app's strict CSP
stays as it is for the test.

    from tests.browser.axe import axe_violations, describe
    problems = axe_violations(page)
    assert not problems, describe(problems)
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "talent" / "static" / "vendor" / "axe" / "axe.min.js"
WCAG21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@cache
def _source() -> str:
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is missing: run `npm ci` then `python3 scripts/vendor_assets.py`")
    return AXE.read_text(encoding="utf-8")


def inject(page: Any) -> None:
    """Load axe-core into ``page`` (once per document)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())


def axe_violations(page: Any, context: Any = None, tags: tuple[str, ...] = WCAG21_AA) -> list[dict[str, Any]]:
    """The violations axe finds in ``page`` (or in ``context``, an axe context such as ``"#main-content"``
    or ``{"exclude": [...]}``) for the rules tagged ``tags``: each a dict with ``id``, ``impact``, ``help``,
    ``helpUrl`` and ``nodes`` (``target``, ``html``, ``failureSummary``)."""
    inject(page)
    result = page.evaluate(
        """async ([context, tags]) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            const found = await window.axe.run(context || document, options);
            return found.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary})),
            }));
        }""",
        [context, list(tags)],
    )
    return list(result)


def describe(violations: list[dict[str, Any]], limit: int = 3) -> str:
    """The violations in a few readable lines (rule, impact, what to fix, the first nodes)."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} node(s)] {v['helpUrl']}")
        for node in v["nodes"][:limit]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
    return "\n".join(lines)
