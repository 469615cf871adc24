#!/usr/bin/env bash
# The browser tests drive Debian's chromium (Playwright cannot download a browser here).
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then exit 0; fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || {
    echo "Could not install chromium." >&2; [[ "${CI:-}" == "true" ]] && exit 1; exit 0; }
else
  echo "chromium is not installed (apt-get install chromium): the browser tests will be skipped." >&2
  [[ "${CI:-}" == "true" ]] && exit 1
fi
exit 0
