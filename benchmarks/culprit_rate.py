"""How often the diagnosis names the figure that was changed (issue 6's measure).

Every clean figure of the seed's two statements is changed in turn, one digit, well
beyond rounding; the run's first CULPRIT finding must name that figure (line and
period) and propose the printed value back. Prints the rate and the misses.

    python3 benchmarks/culprit_rate.py [SEED]
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checker.pipeline import Settings, check_paths, load, read  # noqa: E402


def mutate(printed: str) -> str:
    """Well beyond rounding: the second significant digit moves by five."""
    digits = [i for i, ch in enumerate(printed) if ch.isdigit()]
    significant = [i for i in digits if printed[i] != "0" or any(printed[j] != "0" for j in digits if j < i)]
    i = significant[1] if len(significant) >= 2 else significant[0]
    return printed[:i] + str((int(printed[i]) + 5) % 10) + printed[i + 1 :]


def cases(seed: Path) -> list[tuple[int, str, str, object]]:
    settings = Settings()
    taxonomy, _ = load(settings)
    doc = read(seed, settings, taxonomy)
    out = []
    for st in doc.statements:
        for row in st.rows:
            if row.kind not in ("item", "total"):
                continue
            for fact in row.facts.values():
                if fact.value is None or not fact.printed or fact.value == 0:
                    continue
                out.append((fact.source.line, fact.printed, mutate(fact.printed), fact.period))
    return out


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("(", "-").replace(")", ""))


def _proposes(message: str, original: str) -> bool:
    """The proposed value is the original, or the allowed range holds it (a quotient's inputs)."""
    m = re.search(r"change to (\S+?)(?: \(the identities allow (\S+) to (\S+)\))? resolves", message)
    if not m:
        return False
    want = _number(original.strip("$ "))
    if abs(_number(m.group(1)) - want) < 1e-9:
        return True
    return bool(m.group(2)) and _number(m.group(2)) <= want <= _number(m.group(3))


def measure(seed: Path) -> tuple[int, int, list[str]]:
    """(named first, cases, misses): every clean figure changed in turn, one run each."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    hits, misses = 0, []
    todo = cases(seed)
    with tempfile.TemporaryDirectory() as tmp:
        for line, old, new, period in todo:
            changed = list(lines)
            col = changed[line - 1].find(old)
            changed[line - 1] = changed[line - 1][:col] + new + changed[line - 1][col + len(old) :]
            path = Path(tmp) / "variant.txt"
            path.write_text("\n".join(changed), encoding="utf-8")
            res = check_paths([path]).documents[0]
            culprits = [f for f in res.findings if f.code == "CULPRIT"]
            # A figure outvoted by its own OCR ghost row comes back as an inconsistent duplicate.
            culprits += [f for f in res.findings if f.code == "DUPLICATE" and f.source.line == line and f.period == period]
            first = culprits[0] if culprits else None
            ok = first is not None and first.source.line == line and first.period == period and (
                first.code == "DUPLICATE" or _proposes(first.message, old)
            )
            hits += ok
            if not ok:
                misses.append(f"line {line} {old} -> {new} ({period.describe()}): {first.message if first else 'no culprit'}")
    return hits, len(todo), misses


def main() -> None:
    seed = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "examples" / "immunogen-8k-2011-04-28.txt"
    hits, total, misses = measure(seed)
    print(f"culprit named first: {hits}/{total} = {hits / total:.0%}")
    for m in misses:
        print("  miss:", m)


if __name__ == "__main__":
    main()
