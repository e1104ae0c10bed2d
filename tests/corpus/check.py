#!/usr/bin/env python3
"""Check a question corpus against content/default.toml and config.toml; print its counts.

Usage: python3 tests/corpus/check.py tests/corpus/heldout.toml [tests/corpus/tuning.toml …]
Exits 1 when an entry names an id that does not exist or misses a field its intent needs,
or (given both parts) when a tuning question is a near copy of a held-out one — reported by
number only, so running this never shows held-out text.
"""
import collections, difflib, re, sys, tomllib, unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STYLES = ["diacritics", "plain", "sms", "telex_vni", "typo_glued", "rambling", "purpose",
          "mountain_voice", "negation", "multi", "english", "smalltalk"]
ASPECTS = {"eligibility", "amount", "rate", "term", "apply", "collateral", "age"}
NEEDS = {"loan_detail": ["programme", "aspects"], "loans_by_purpose": ["programmes", "purpose"],
         "fact": ["unit", "fact"], "unit_facts": ["unit"], "criteria_summary": ["unit"],
         "criteria_remaining": ["unit"], "criteria_list": ["unit"], "criterion_detail": ["criterion"],
         "subscribe": ["hamlets"], "no_answer": ["topic"]}
PLAIN = ["loans", "loan_process", "criteria_overview", "unsubscribe", "my_subscriptions", "news",
         "help", "menu", "language", "forget", "thanks", "ack", "greeting"]

content = tomllib.loads((ROOT / "content/default.toml").read_text())
config = tomllib.loads((ROOT / "config.toml").read_text())
programmes = {p["id"] for p in content["loans"]["programmes"]}
sets = {s["id"]: {c["code"] for c in s["criteria"]} for s in content["criteria_sets"]}
units = {u["id"]: u for u in content["units"]}
hamlets = {h["id"] for h in config["hamlets"]}

def errors(q):
    exp = q.get("expect")
    if q.get("style") not in STYLES:
        yield f"style {q.get('style')!r}"
    if exp not in NEEDS and exp not in PLAIN:
        yield f"expect {exp!r}"
    for f in NEEDS.get(exp, []):
        if f not in q:
            yield f"missing {f}"
    if "programme" in q and q["programme"] not in programmes:
        yield f"programme {q['programme']}"
    for p in q.get("programmes", []):
        if p not in programmes:
            yield f"programme {p}"
    if exp == "loans_by_purpose" and not q.get("programmes"):
        yield "no programme fits: use no_answer"
    for a in q.get("aspects", []):
        if a not in ASPECTS:
            yield f"aspect {a}"
    for key in ("unit", "unit_known"):
        if key in q and q[key] not in units:
            yield f"{key} {q[key]}"
    unit = units.get(q.get("unit"), {})
    if "fact" in q and q["fact"] not in {f["key"] for f in unit.get("facts", [])}:
        yield f"unit {q.get('unit')} has no fact {q['fact']}"
    if "criterion" in q:
        codes = sets.get(unit.get("criteria_set")) if unit else set().union(*sets.values())
        if not codes or q["criterion"] not in codes:
            yield f"unit {q.get('unit')} has no criterion {q['criterion']}"
    if exp in ("criteria_summary", "criteria_remaining", "criteria_list") and unit and "criteria_set" not in unit:
        yield f"unit {q['unit']} has no criteria: use no_answer"
    for h in q.get("hamlets", []):
        if h not in hamlets:
            yield f"hamlet {h}"
    if (q.get("lang") == "en") != (q.get("style") == "english") and q.get("style") != "smalltalk":
        yield "english style and lang = \"en\" go together"

def fold(s):
    s = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", s).split())

bad = 0
parts = {}
for path in sys.argv[1:]:
    doc = tomllib.loads(Path(path).read_text())
    qs = doc["q"]
    parts.setdefault(doc.get("part"), []).extend(qs)
    held_out = doc.get("part") == "heldout"
    for i, q in enumerate(qs, 1):
        for e in errors(q):
            bad += 1
            # A held-out question is named by number only: its text is never shown.
            shown = "" if held_out else f" ({q.get('text', '')[:40]!r})"
            print(f"{path}: q #{i}{shown}: {e}")
    texts = collections.Counter(q["text"].strip().lower() for q in qs)
    for t, n in texts.items():
        if n > 1:
            bad += 1
            print(f"{path}: duplicate text" + ("" if held_out else f" {t!r}"))
    print(f"\n{path}: part = {doc.get('part')}, written = {doc.get('written')}, {len(qs)} questions\n")
    for field, order in (("style", STYLES), ("expect", list(NEEDS) + PLAIN)):
        n = collections.Counter(q[field] for q in qs)
        print(f"| {field} | count |\n|---|---|")
        for k in order:
            if n[k]:
                print(f"| `{k}` | {n[k]} |")
        print()
if "heldout" in parts and "tuning" in parts:
    held = [f for f in map(fold, (q["text"] for q in parts["heldout"])) if f]
    for i, q in enumerate(parts["tuning"], 1):
        t = fold(q["text"])
        for h in held:
            m = difflib.SequenceMatcher(None, t, h)
            if t and m.real_quick_ratio() >= 0.9 and m.quick_ratio() >= 0.9 and m.ratio() >= 0.9:
                bad += 1
                print(f"tuning q #{i} is a near copy of a held-out question: reword it")
                break
sys.exit(1 if bad else 0)
