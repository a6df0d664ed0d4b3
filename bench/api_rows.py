"""In-process timing of the contradictions list: model instances + nested serializers (the
path before issue 11's speed item) against flat values() rows (the path now).

Creates ``bench_api_rows_<pid>`` on the PostgreSQL server DATABASE_URL names (dropped at the
end), fills it with bench/admin.py's synthetic rows (--claims claims, one flag per 10 claims),
then times, for pages of 50 and 500 rows, the page read and serialised both ways (median of
--runs, after a warm-up) and the whole GET /api/v1/contradictions/ through the test client.
Prints; asserts nothing. Run: `.venv/bin/python bench/api_rows.py [--claims 50000] [--runs 20]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _corpus import postgres_create, postgres_drop  # noqa: E402
from admin import FILL  # noqa: E402


def median_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        begun = time.perf_counter()
        fn()
        times.append((time.perf_counter() - begun) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    per_version = 10
    articles = max(1, args.claims // (2 * per_version))
    sizes = {
        "sources": max(100, args.claims // 200),
        "articles": articles,
        "per_version": per_version,
        "stories": max(10, articles // 4),
    }
    name = f"bench_api_rows_{os.getpid()}"
    os.environ["DATABASE_URL"] = postgres_create(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    try:
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from rest_framework.authtoken.models import Token
        from rest_framework.renderers import JSONRenderer
        from rest_framework.test import APIClient

        from config.rows import as_rows
        from verification.api.serializers import (
            CONTRADICTION_COLUMNS,
            CONTRADICTION_ROW_COLUMNS,
            ContradictionSerializer,
            contradiction_rows,
        )
        from verification.models import Contradiction

        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:
            for statement in FILL.split(";\n"):
                if statement.strip():
                    for key, value in sizes.items():
                        statement = statement.replace(f"%({key})s", str(value))
                    cursor.execute(statement.replace("%%", "%"))
            cursor.execute("ANALYZE")
        flags = Contradiction.objects.flagged().count()
        print(f"{Contradiction.objects.count():,} flags ({flags:,} listed), {args.claims:,} claims")
        render = JSONRenderer().render

        def models(size):
            rows = (
                Contradiction.objects.flagged()
                .select_related(
                    "claim_a__source",
                    "claim_b__source",
                    "claim_a__version__article",
                    "claim_b__version__article",
                    "story",
                )
                .only(*CONTRADICTION_COLUMNS)
                .order_by("-id")[:size]
            )
            return render(ContradictionSerializer(rows, many=True).data)

        def flat(size):
            rows = as_rows(Contradiction.objects.flagged(), CONTRADICTION_ROW_COLUMNS)
            return render(contradiction_rows(rows.order_by("-id")[:size]))

        assert models(50) == flat(50), "the two paths differ"
        user = get_user_model().objects.create_user("bench")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        print(f"{'rows':>5} {'models ms':>10} {'flat ms':>8} {'speed-up':>9} {'GET ms':>8}")
        for size in (50, 500):
            before = median_ms(lambda s=size: models(s), args.runs)
            after = median_ms(lambda s=size: flat(s), args.runs)
            url = f"/api/v1/contradictions/?page_size={size}"
            whole = median_ms(lambda u=url: client.get(u), args.runs)
            print(f"{size:5d} {before:10.1f} {after:8.1f} {before / after:8.1f}x {whole:8.1f}")
    finally:
        postgres_drop(name)


if __name__ == "__main__":
    main()
