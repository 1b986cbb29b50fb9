"""Copy the front-end libraries installed by npm into static/vendor/.

Each entry maps a file of an npm package (pinned by package-lock.json) to its
place under static/vendor/. Templates refer only to these copies, so the
portal never loads anything from a CDN.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
    "bootstrap/dist/css/bootstrap.min.css.map": "bootstrap/bootstrap.min.css.map",
    "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
    "bootstrap/dist/js/bootstrap.bundle.min.js.map": "bootstrap/bootstrap.bundle.min.js.map",
    "chart.js/dist/chart.umd.min.js": "chartjs/chart.umd.min.js",
    "chart.js/dist/chart.umd.min.js.map": "chartjs/chart.umd.min.js.map",
    # The searchable multi-select pickers (static/core/picker.js loads them on pages that have one).
    # The "popular" build bundles the remove_button plugin; Bootstrap 5 theme.
    "tom-select/dist/js/tom-select.popular.min.js": "tom-select/tom-select.popular.min.js",
    "tom-select/dist/js/tom-select.popular.min.js.map": "tom-select/tom-select.popular.min.js.map",
    "tom-select/dist/css/tom-select.bootstrap5.min.css": "tom-select/tom-select.bootstrap5.min.css",
    "tom-select/dist/css/tom-select.bootstrap5.min.css.map": "tom-select/tom-select.bootstrap5.min.css.map",
}


def main() -> int:
    missing = []
    for source, target in FILES.items():
        origin = ROOT / "node_modules" / source
        if not origin.is_file():
            missing.append(source)
            continue
        destination = ROOT / "static" / "vendor" / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, destination)
    if missing:
        print("Missing from node_modules (run npm ci):", ", ".join(missing), file=sys.stderr)
        return 1
    print(f"Copied {len(FILES)} vendor files into static/vendor/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
