"""How names are matched: folding a surface name, a person's IRI slug, and the registers' names of a council.

Extractors and resolution look councils and people up by these keys; the
council name table (name_table.py) folds every form of a council's name with
`normalise_name`.
"""

from __future__ import annotations

import re
import unicodedata

from graph.registers.name_forms import council_stem

_HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "baroness", "baron",
    "rt", "hon", "right", "honourable", "the", "cllr", "councillor", "prof", "professor", "mp",
})

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


def alternative_names(row: dict[str, str], society: dict[str, str] | None, land: dict[str, str] | None,
                      ofsted_also_known_as: str = "") -> tuple[str, ...]:
    """Other names the registers give, tidied, deduplicated case-insensitively, capitalised spelling kept."""
    candidates = [row["official_name"], row["la_name_dfe"], row["utla23_name_ons"], row["wikidata_council_name"],
                  row["wikidata_area_label"]]
    if society:
        candidates += [society["nice-name"], society["official-name"], *alt_name_list(society["alt-names"])]
    if land:
        candidates.append(land["name"])
    candidates += known_as_list(ofsted_also_known_as, candidates)
    names = [form for name in candidates for form in _tidy_alt_name(name)]
    names.append(council_stem(row["official_name"]))  # "Hull City Council" -> "Hull"
    seen = {normalise_name(short_form(row["la_name_dfe"]))}
    kept = []
    for name in sorted(names, key=lambda text: (text[:1].islower(), names.index(text))):
        key = normalise_name(name)
        if key and key not in seen:
            seen.add(key)
            kept.append(name)
    return tuple(kept)


def known_as_list(cell: str, registered: list[str]) -> list[str]:
    """Ofsted's "also known as" cell ("[BCP, Bournemouth, Christchurch & Poole]") as names. Its items
    may hold ", " themselves, so pieces are joined back where together they make a registered name."""
    known = {normalise_name(name) for name in registered}
    pieces = [piece.strip() for piece in cell.strip().strip("[]").split(", ") if piece.strip()]
    names: list[str] = []
    while pieces:
        take = next((n for n in range(len(pieces), 1, -1) if normalise_name(", ".join(pieces[:n])) in known), 1)
        names.append(", ".join(pieces[:take]))
        pieces = pieces[take:]
    return names


def _tidy_alt_name(name: str) -> list[str]:
    """'Bristol, City of' -> 'City of Bristol', 'Bristol'; 'Bristol UA' -> 'Bristol'."""
    name = tidy(re.sub(r"\s+(UA|london boro)$", "", name, flags=re.IGNORECASE))
    reordered = re.match(r"^(.+?),? (City|County) of$", name, flags=re.IGNORECASE)
    if reordered:
        return [f"{reordered.group(2).title()} of {reordered.group(1)}", reordered.group(1)]
    return [name] if name else []


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
