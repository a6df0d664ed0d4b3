"""Print the claims extracted from sentences given on the command line (a debugging aid).

.venv/bin/python scripts/try_claims.py "The ministry said 12 people died."
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims.extraction import TextBlock, extract_claims  # noqa: E402


def main(sentences: list[str]) -> None:
    blocks = [TextBlock(0, s) for s in sentences]
    for block in blocks:
        print(block.text)
        for c in extract_claims([block], outlet="Outlet").claims:
            flags = ("H" if c.hedged else "") + ("N" if c.negated else "")
            print(
                f"  {c.kind[:4]} {c.source.name!r} family={c.family!r} measure={c.measure!r} "
                f"scope={c.scope!r} [{c.low}, {c.high}] {flags} | {c.text[:90]}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
