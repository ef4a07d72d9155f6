#!/usr/bin/env bash
# Browser test of the HTML report: builds gazette, writes a report of the
# sample documents plus a hostile one, opens it in headless Chromium and
# checks that
#   - the page renders without JavaScript errors,
#   - every entity type present in the records is highlighted,
#   - `<script>` and `<img onerror>` in a document stay text (nothing runs),
#   - a `#q=` link filters the documents,
# then saves a screenshot to docs/report.png (or $REPORT_SCREENSHOT).
# Installs Chromium with apt-get when it is missing. Exits non-zero on any
# failure.
#
# Usage: bash tests/browser/report_test.sh   [GAZETTE_BIN=path/to/gazette]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
screenshot=${REPORT_SCREENSHOT:-$root/docs/report.png}

fail() { echo "report_test: FAIL: $*" >&2; exit 1; }

if ! command -v chromium >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# GAZETTE_BIN skips the build (e.g. a debug binary while developing).
bin=${GAZETTE_BIN:-}
if [ -z "$bin" ]; then
    cargo build --release -q
    bin=${CARGO_TARGET_DIR:-$root/target}/release/gazette
fi
[ -x "$bin" ] || fail "no binary at $bin"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/in"
cp input/*.txt "$work/in/"
cat >"$work/in/zz_hostile.txt" <<'EOF'
Hostile markup

<script>document.title = "PWNED-SCRIPT"</script>
<img src="x" onerror="document.title = 'PWNED-IMG'">
</script><b>bold?</b> On 6 October 1992 Kyrgyzstan and China signed a treaty.
EOF

# Relative paths, so the page shows `in/...` as sources. --no-clean keeps
# the hostile markup in the text (the cleaner would strip some tags), which
# is what this test is about: the report must show it as text.
(cd "$work" && "$bin" extract in -q --no-clean -o records.jsonl --report report.html) ||
    fail "gazette extract --report exited $?"
(cd "$work" && "$bin" report records.jsonl -o report2.html) || fail "gazette report exited $?"
cmp -s "$work/report.html" "$work/report2.html" || fail "report and extract --report differ"

chrome() {
    # A fresh profile per run; no network services, no first-run UI.
    local profile
    profile=$(mktemp -d "$work/profile.XXXX")
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$profile" --enable-logging=stderr --v=0 \
        --virtual-time-budget=5000 "$@"
}

url="file://$work/report.html"
chrome --dump-dom "$url" >"$work/dom.html" 2>"$work/chrome.log" ||
    { cat "$work/chrome.log" >&2; fail "chromium --dump-dom failed"; }

if grep -E 'CONSOLE.*(Uncaught|Error)' "$work/chrome.log"; then
    fail "JavaScript errors in the report"
fi
grep -q '<body data-rendered="1">' "$work/dom.html" || fail "the report did not render"

types=$(grep -o '"type":"[A-Z]*"' "$work/records.jsonl" | sort -u | cut -d'"' -f4)
[ -n "$types" ] || fail "no entities in the records"
for t in $types; do
    n=$(grep -o "class=\"ent t-$t\"" "$work/dom.html" | wc -l)
    [ "$n" -gt 0 ] || fail "no $t highlight in the rendered page"
    echo "report_test: $t highlights: $n"
done

# Hostile text is shown as text: escaped in the DOM, never run.
grep -q '&lt;script&gt;document.title = "PWNED-SCRIPT"&lt;/script&gt;' "$work/dom.html" ||
    fail "the <script> text is not shown as text"
grep -q '&lt;img src="x" onerror=' "$work/dom.html" || fail "the <img> text is not shown as text"
if grep -q '<title>PWNED' "$work/dom.html"; then fail "document markup ran"; fi
if grep -q '<b>bold?</b>' "$work/dom.html"; then fail "document markup became elements"; fi
grep -q '<title>gazette report</title>' "$work/dom.html" || fail "page title changed"

# A search link shows only the matching document.
chrome --dump-dom "$url#q=PWNED-SCRIPT" >"$work/search.html" 2>/dev/null || fail "search run failed"
n=$(grep -o '<article' "$work/search.html" | wc -l)
[ "$n" -eq 1 ] || fail "search #q=PWNED-SCRIPT shows $n documents, expected 1"

mkdir -p "$(dirname "$screenshot")"
chrome --screenshot="$screenshot" --window-size=1280,1600 --hide-scrollbars "$url" \
    2>>"$work/chrome.log" || fail "screenshot failed"
[ -s "$screenshot" ] || fail "no screenshot at $screenshot"
echo "report_test: ok ($(grep -c '' "$work/records.jsonl") documents; screenshot $screenshot)"
