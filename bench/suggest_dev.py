"""One kind's scores on a folder of tests/fixtures/suggest-dev/: articles annotated for
that kind only (development data for its heuristics; the other kinds are not annotated
there, so only that kind's row means anything).

    .venv/bin/python bench/suggest_dev.py participant people-3 [-v]
    .venv/bin/python bench/suggest_dev.py agenda agenda-fresh [-v]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import suggest_eval  # noqa: E402

DEV = Path("tests", "fixtures", "suggest-dev")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=("participant", "agenda"))
    parser.add_argument("folder", help="a folder of tests/fixtures/suggest-dev/")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    root = suggest_eval.repo_root()
    suggest_eval.KINDS = (args.kind,)
    results = []
    for path in suggest_eval.source_files(root / DEV / args.folder):
        result = suggest_eval.score(path)
        keep = [index for index, proposal in enumerate(result.proposed) if proposal.kind == args.kind]
        result.proposed = [result.proposed[index] for index in keep]
        result.proposal_matched = [result.proposal_matched[index] for index in keep]
        results.append(result)
    suggest_eval.report(f"own {args.kind} articles ({DEV / args.folder})", results, root, args.verbose)


if __name__ == "__main__":
    main()
