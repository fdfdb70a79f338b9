#!/usr/bin/env python3
"""Score quantulum3 on a figure gold set at the same levels as `kb eval figures`.

Usage: python3 scripts/quantulum_figures.py ../shared/gold/figures-dev.jsonl [--errors] [--years]

quantulum3's units are mapped to the canonical units of the gold README (USD, W, Wh, FLOP,
%, count, x, s, B, m, kg...). quantulum3 has no notion of bounds, hedges, years or process
nodes: every figure it returns is `eq` (or `range` when it reports an uncertainty) and not
approximate. `--years` additionally reads a dimensionless plain integer 1500-2100 as a year,
which is a heuristic added here, not part of quantulum3.
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")
from quantulum3 import parser  # noqa: E402

MONEY = {
    "dollar": "USD", "united states dollar": "USD", "pound sterling": "GBP", "euro": "EUR",
    "japanese yen": "JPY", "yen": "JPY", "south korean won": "KRW", "north korean won": "KRW",
    "russian ruble": "RUB", "ruble": "RUB", "indian rupee": "INR", "rupee": "INR",
    "philippine peso": "PHP", "mexican peso": "PHP", "peso": "PHP", "renminbi": "CNY",
    "chinese yuan": "CNY", "yuan": "CNY", "canadian dollar": "CAD", "australian dollar": "AUD",
}
# base name -> (canonical unit, factor)
UNITS = {
    "watt": ("W", 1), "kilowatt": ("W", 1e3), "megawatt": ("W", 1e6), "gigawatt": ("W", 1e9),
    "terawatt": ("W", 1e12), "watt hour": ("Wh", 1), "kilowatt hour": ("Wh", 1e3),
    "megawatt hour": ("Wh", 1e6), "gigawatt hour": ("Wh", 1e9), "terawatt hour": ("Wh", 1e12),
    "joule": ("Wh", 1 / 3600), "byte": ("B", 1), "kilobyte": ("B", 1e3), "megabyte": ("B", 1e6),
    "gigabyte": ("B", 1e9), "terabyte": ("B", 1e12), "petabyte": ("B", 1e15),
    "second": ("s", 1), "millisecond": ("s", 1e-3), "microsecond": ("s", 1e-6), "minute": ("s", 60),
    "hour": ("s", 3600), "day": ("s", 86400), "week": ("s", 604800), "month": ("s", 2629800),
    "year": ("s", 31557600), "decade": ("s", 315576000), "century": ("s", 3155760000),
    "metre": ("m", 1), "kilometre": ("m", 1e3), "centimetre": ("m", 1e-2), "millimetre": ("m", 1e-3),
    "micrometre": ("m", 1e-6), "nanometre": ("m", 1e-9), "mile": ("m", 1609.344), "foot": ("m", 0.3048),
    "inch": ("m", 0.0254), "kilogram": ("kg", 1), "gram": ("kg", 1e-3), "tonne": ("kg", 1e3),
    "ton": ("kg", 1e3), "metric ton": ("kg", 1e3), "pound-mass": ("kg", 0.45359237),
    "percentage": ("%", 1), "percent": ("%", 1), "dimensionless": ("count", 1),
    "barrel": ("bbl", 1), "hertz": ("Hz", 1), "gigahertz": ("Hz", 1e9), "megahertz": ("Hz", 1e6),
    "times": ("x", 1), "fold": ("x", 1), "count": ("count", 1), "floating-point operation": ("FLOP", 1),
}
PER = {"second": "s", "second of arc": "s", "minute": "minute", "hour": "h", "day": "day",
       "week": "week", "month": "month", "year": "year"}


def convert(q, years):
    """One quantulum3 quantity → a figure dict in the gold's canonical units, or None."""
    dims = q.unit.dimensions or [{"base": "dimensionless", "power": 1}]
    num = [d for d in dims if d["power"] > 0]
    den = [d for d in dims if d["power"] < 0]
    value = q.value
    lo = hi = value
    bound = "eq"
    if q.uncertainty:
        lo, hi, bound = value - q.uncertainty, value + q.uncertainty, "range"
    unit, factor = None, 1.0
    if num:
        base = num[0]["base"]
        if base in MONEY:
            unit = MONEY[base]
        elif base in UNITS:
            unit, factor = UNITS[base]
        else:
            unit = "count"  # an unknown noun after a number (quantulum's guess of a unit)
    else:
        unit = "count"
    per = None
    if den:
        b = den[0]["base"]
        per = PER.get(b, b)
    if years and unit == "count" and not per and bound == "eq" and float(value).is_integer() \
            and 1500 <= value <= 2100 and "," not in q.surface:
        unit = "year"
    kind = "year" if unit == "year" else ("money" if unit in MONEY.values() else "other")
    return {"low": lo * factor, "high": hi * factor, "unit": unit, "bound": bound, "approx": False,
            "per": per, "per_qty": 1.0 if per else None, "kind": kind, "surface": q.surface}


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b)) or a == b


def matches(p, g, level):
    if not (close(p["low"], g["low"]) and close(p["high"], g["high"])):
        return False
    if level == 0:
        return True
    if p["unit"] != g["unit"] or p["per"] != g["per"] or not close(p["per_qty"], g["per_qty"]):
        return False
    if level == 1:
        return True
    if p["bound"] != g["bound"]:
        return False
    if level == 2:
        return True
    return p["approx"] == g["approx"]


LEVELS = ["value", "value+unit+rate", "value+unit+rate+bound", "value+unit+rate+bound+approx"]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    errors = "--errors" in sys.argv
    years = "--years" in sys.argv
    gold = [json.loads(line) for line in open(args[0]) if line.strip()]
    tp = [0] * 4
    npred = ngold = 0
    years_as_qty = 0
    for g in gold:
        try:
            preds = [f for f in (convert(q, years) for q in parser.parse(g["sentence"])) if f]
        except Exception:  # quantulum3 occasionally raises on odd input
            preds = []
        npred += len(preds)
        ngold += len(g["figures"])
        for lv in range(4):
            used = [False] * len(preds)
            for gf in g["figures"]:
                for i, p in enumerate(preds):
                    if not used[i] and matches(p, gf, lv):
                        used[i] = True
                        tp[lv] += 1
                        break
            if lv == 3 and errors:
                miss = [gf["surface"] for gf in g["figures"] if not any(matches(p, gf, 3) for p in preds)]
                extra = [p["surface"] + " " + p["unit"] for i, p in enumerate(preds) if not used[i]]
                if miss or extra:
                    print(g["sentence"], "\n  - ", miss, "\n  + ", extra)
        for gf in g["figures"]:
            if gf["kind"] == "year" and any(p["kind"] != "year" and close(p["low"], gf["low"]) for p in preds):
                years_as_qty += 1
    print(f"sentences: {len(gold)}  (quantulum3{' + year heuristic' if years else ''})")
    print("level                           P      R      F1     tp/pred/gold")
    for lv, name in enumerate(LEVELS):
        p = tp[lv] / npred if npred else 0
        r = tp[lv] / ngold if ngold else 0
        f = 2 * p * r / (p + r) if p + r else 0
        print(f"{name:30}  {p:.3f}  {r:.3f}  {f:.3f}  {tp[lv]}/{npred}/{ngold}")
    print(f"years scored as quantities: {years_as_qty}")


if __name__ == "__main__":
    main()
