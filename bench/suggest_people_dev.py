"""Participant-only scores on a folder of tests/fixtures/suggest-dev/ (default people/):
articles annotated for their participants only (development data for the participant
heuristics; the other kinds are not annotated there, so only the participant row means
anything).

    .venv/bin/python bench/suggest_people_dev.py [FOLDER] [-v]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import suggest_eval  # noqa: E402

FOLDER = Path("tests", "fixtures", "suggest-dev",
              sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "people")


def main() -> None:
    verbose = "-v" in sys.argv[1:]
    root = suggest_eval.repo_root()
    suggest_eval.KINDS = ("participant",)
    results = []
    for path in suggest_eval.source_files(root / FOLDER):
        result = suggest_eval.score(path)
        keep = [i for i, p in enumerate(result.proposed) if p.kind == "participant"]
        result.proposed = [result.proposed[i] for i in keep]
        result.proposal_matched = [result.proposal_matched[i] for i in keep]
        results.append(result)
    suggest_eval.report(f"own participant articles ({FOLDER})", results, root, verbose)


if __name__ == "__main__":
    main()
