"""What the tuning-corpus generators share (gen_tuning2.py, gen_tuning3.py): the programme
lists, the builders that add one question to `Q` (p: loans by purpose, d: a loan's detail,
f: a fact, n: no answer, o: anything else), and `write`, which renders the questions as a
corpus part (format: tests/corpus/README.md).
"""
import json

PROD = ["ho_ngheo", "ho_can_ngheo", "ho_moi_thoat_ngheo", "sxkd_vung_kho_khan", "giai_quyet_viec_lam", "nd28_chuyen_doi_nghe"]
CROP = PROD[:5]
HERB = CROP + ["nd28_duoc_lieu"]
NOTPOOR_PROD = ["ho_can_ngheo", "ho_moi_thoat_ngheo", "sxkd_vung_kho_khan", "giai_quyet_viec_lam"]
NOTPOOR_CROP = NOTPOOR_PROD
POOR_PROD = ["ho_ngheo", "giai_quyet_viec_lam", "nd28_chuyen_doi_nghe"]
POOR_CROP = ["ho_ngheo", "giai_quyet_viec_lam"]
NEAR = ["ho_can_ngheo", "giai_quyet_viec_lam"]
ESC = ["ho_moi_thoat_ngheo", "giai_quyet_viec_lam"]
NONE3 = ["sxkd_vung_kho_khan", "giai_quyet_viec_lam"]
JOB = ["giai_quyet_viec_lam"]
NOLAND = ["giai_quyet_viec_lam", "nd28_chuyen_doi_nghe"]
WATER = ["nuoc_sach_vsmt"]
HOUSE = ["nha_o_xa_hoi", "nd28_ho_tro_nha_o"]
LAND = ["nd28_ho_tro_dat_o"]
SCHOOL = ["hoc_sinh_sinh_vien"]

Q = []

def p(style, text, progs, purpose, note=None, **kw):
    Q.append(dict(text=text, style=style, expect="loans_by_purpose", programmes=progs, purpose=purpose, note=note, **kw))

def d(style, text, prog, aspects=(), note=None, **kw):
    Q.append(dict(text=text, style=style, expect="loan_detail", programme=prog, aspects=list(aspects), note=note, **kw))

def f(style, text, fact, unit="chieng_khoang", note=None, **kw):
    Q.append(dict(text=text, style=style, expect="fact", unit=unit, fact=fact, note=note, **kw))

def n(style, text, topic, note=None, **kw):
    Q.append(dict(text=text, style=style, expect="no_answer", topic=topic, note=note, **kw))

def o(style, text, expect, note=None, **kw):
    Q.append(dict(text=text, style=style, expect=expect, note=note, **kw))


FIELDS = ("text", "style", "expect", "lang", "unit_known", "programme", "aspects", "programmes", "purpose", "unit", "fact", "criterion", "hamlets", "topic", "note")


def kept(questions, *dropped):
    """The questions whose text is in none of `dropped`, English ones styled "english"."""
    out = [q for q in questions if not any(q["text"] in d for d in dropped)]
    for q in out:
        if q.get("lang") == "en":
            q["style"] = "english"
    return out


def val(v):
    return json.dumps(v, ensure_ascii=False)


def write(path, header, questions):
    """Writes `questions` to `path` under the comment lines `header`; prints the count."""
    out = list(header) + ["", 'part = "tuning"', 'written = "2026-12-02"', ""]
    for q in questions:
        out.append("[[q]]")
        for k in FIELDS:
            if q.get(k) is not None:
                out.append(f"{k} = {val(q[k])}")
        out.append("")
    open(path, "w").write("\n".join(out))
    print(len(questions), "questions")
