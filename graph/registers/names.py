"""How names are matched: folding a surface name, a person's IRI slug, and the council name index.

Extractors and resolution look councils and people up by these keys; the
register loader (load.py) uses them to build the index once per load.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace

from graph.registers.records import AuthorityRecord

_HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "baroness", "baron",
    "rt", "hon", "right", "honourable", "the", "cllr", "councillor", "prof", "professor", "mp",
})
_COUNCIL_SUFFIXES = (
    " metropolitan borough council", " metropolitan district council", " city council",
    " county council", " borough council", " district council", " council", " corporation",
    " london boro", " ua",
)
_COUNCIL_PREFIXES = ("london borough of ", "royal borough of ", "council of the ", "borough of ", "city of ", "county of ")
_HEAD_OF_PLACE = re.compile(r"^(\w+)(?: |-)(?:on|upon|under)(?: |-)", re.IGNORECASE)



def normalise_name(text: str) -> str:
    """Fold a surface name for lookup: ASCII, lowercase, '&' -> 'and', punctuation and hyphens to spaces, no leading 'the'."""
    folded = _ascii(text).lower().replace("&", " and ")
    folded = re.sub(r"['\u2019.]", "", folded)
    folded = re.sub(r"[^a-z0-9]+", " ", folded).strip()
    return re.sub(r"^the ", "", folded)


def person_slug(name: str) -> str:
    """IRI slug of a person's name: lowercase ASCII words joined by '-', honorifics dropped."""
    words = re.sub(r"['\u2019]", "", _ascii(name).lower())
    tokens = re.findall(r"[a-z0-9]+", words)
    while tokens and tokens[0] in _HONORIFICS:
        tokens.pop(0)
    while tokens and tokens[-1] in {"mp", "cbe", "obe", "mbe", "kc", "qc"}:
        tokens.pop()
    if not tokens:
        raise ValueError(f"no name left to slug in {name!r}")
    return "-".join(tokens)


def build_name_index(current: tuple[AuthorityRecord, ...], other_council_names: Iterable[str],
                     common_words: frozenset[str]) -> dict[str, str]:
    """Map each normalised surface name of a children's-services authority to its GSS code.

    Surface names are the official, short and alternative names and the forms
    derived from them (`surface_names`), each both with hyphens folded to
    spaces and as spelt. A name is left out when two authorities share it,
    when any other council (a district, combined authority, the GLA) is known
    by it, or when it is listed in name_index_common_words.csv.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for record in current:
        for name in surface_names((record.official_name, record.short_name, *record.alt_names)):
            owners[name].add(record.gss_code)
    blocked = set(surface_names(other_council_names)) | set(common_words)
    return {
        name: next(iter(codes))
        for name, codes in sorted(owners.items())
        if len(codes) == 1 and name not in blocked
    }


def surface_names(names: Iterable[str]) -> Iterator[str]:
    """Every lookup key for a council's names: the names, their stems and 'stem council' forms."""
    for name in names:
        for form in _name_forms(normalise_keeping_hyphens(name)):
            yield form
            if "-" in form:
                yield form.replace("-", " ")


def normalise_keeping_hyphens(text: str) -> str:
    """`normalise_name`, but hyphens stay as written ("stoke-on-trent")."""
    parts = (normalise_name(part) for part in re.split(r"\s*-\s*", text))
    return "-".join(part for part in parts if part)


def _name_forms(name: str) -> set[str]:
    forms = {name}
    reordered = re.match(r"^(.+?) (city|county) of$", name)  # "bristol city of" (ONS "Bristol, City of")
    if reordered:
        forms |= {f"{reordered.group(2)} of {reordered.group(1)}", reordered.group(1)}
    for form in list(forms):
        stem = _council_stem(form)
        if stem != form:
            forms |= {stem, f"{stem} council"}
            if form.startswith("city of "):
                forms.add(f"{stem} city council")
    for form in list(forms):
        head = _HEAD_OF_PLACE.match(form)  # "stoke-on-trent" -> "stoke"
        if head:
            forms |= {head.group(1), f"{head.group(1)} council"}
    bare = [form for form in forms if not form.endswith(("council", "corporation"))]
    forms |= {f"{form} council" for form in bare}
    # Ofsted's template: "Inspection of Reading local authority children's services".
    forms |= {f"{form} local authority" for form in bare}
    return {form for form in forms if form}


def alternative_names(row: dict[str, str], society: dict[str, str] | None, land: dict[str, str] | None) -> tuple[str, ...]:
    """Other names the registers give, tidied, deduplicated case-insensitively, capitalised spelling kept."""
    candidates = [row["official_name"], row["la_name_dfe"], row["utla23_name_ons"], row["wikidata_council_name"],
                  row["wikidata_area_label"]]
    if society:
        candidates += [society["nice-name"], society["official-name"], *alt_name_list(society["alt-names"])]
    if land:
        candidates.append(land["name"])
    names = [form for name in candidates for form in _tidy_alt_name(name)]
    names.append(_council_stem(row["official_name"]))  # "Hull City Council" -> "Hull"
    seen = {normalise_name(short_form(row["la_name_dfe"]))}
    kept = []
    for name in sorted(names, key=lambda text: (text[:1].islower(), names.index(text))):
        key = normalise_name(name)
        if key and key not in seen:
            seen.add(key)
            kept.append(name)
    return tuple(kept)


def _tidy_alt_name(name: str) -> list[str]:
    """'Bristol, City of' -> 'City of Bristol', 'Bristol'; 'Bristol UA' -> 'Bristol'."""
    name = tidy(re.sub(r"\s+(UA|london boro)$", "", name, flags=re.IGNORECASE))
    reordered = re.match(r"^(.+?),? (City|County) of$", name, flags=re.IGNORECASE)
    if reordered:
        return [f"{reordered.group(2).title()} of {reordered.group(1)}", reordered.group(1)]
    return [name] if name else []


def _council_stem(name: str) -> str:
    """A council's name without 'City Council', 'London Borough of' and the like, spelling kept."""
    stem = tidy(name)
    changed = True
    while changed:
        lowered = stem.lower()
        suffix = next((s for s in _COUNCIL_SUFFIXES if lowered.endswith(s) and len(lowered) > len(s)), None)
        prefix = next((p for p in _COUNCIL_PREFIXES if lowered.startswith(p) and len(lowered) > len(p)), None)
        if suffix:
            stem = stem[: -len(suffix)]
        if prefix:
            stem = stem[len(prefix):]
        changed = bool(suffix or prefix)
    return stem


def with_place_heads(current: tuple[AuthorityRecord, ...], index: dict[str, str]) -> tuple[AuthorityRecord, ...]:
    """Add 'Stoke' for 'Stoke-on-Trent' to alt_names where the name index found it unambiguous."""
    records = []
    for record in current:
        heads = [match.group(1) for name in (record.short_name, *record.alt_names)
                 if (match := _HEAD_OF_PLACE.match(name.replace("-", " ")))]
        new = [head for head in dict.fromkeys(heads)
               if index.get(normalise_name(head)) == record.gss_code
               and normalise_name(head) not in {normalise_name(name) for name in record.alt_names}]
        records.append(replace(record, alt_names=record.alt_names + tuple(new)))
    return tuple(records)


def short_form(dfe_name: str) -> str:
    reordered = re.match(r"^(.+?), (City|County) of$", dfe_name)
    return reordered.group(1) if reordered else tidy(dfe_name)


def entity_names(entity: str) -> tuple[str, list[str]]:
    match = re.match(r"^(.*?)\s*\((.*)\)\s*$", entity)
    if not match:
        return entity.strip(), []
    return match.group(1).strip(), [part.strip() for part in match.group(2).split(";") if part.strip()]


def split_honorific(display_name: str) -> tuple[str | None, str]:
    words = display_name.split()
    titles = []
    while len(words) > 2 and words[0].lower().rstrip(".") in _HONORIFICS:
        titles.append(words.pop(0))
    return (" ".join(titles) or None), " ".join(words)


def alt_name_list(cell: str) -> list[str]:
    """mySociety separates alt-names by ',' with no space; a ', ' is inside a name ("Bristol, City of")."""
    return [part.strip() for part in re.split(r",(?! )", cell) if part.strip()]


def tidy(text: str) -> str:
    return " ".join(text.split())


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
