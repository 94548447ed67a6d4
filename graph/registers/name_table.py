"""The council name table: every written form of every children's-services council, and who owns it.

Each council in being or abolished since 2009 (a `CouncilBody`) contributes its
forms (name_forms.py). A form belongs to the councils that generate it; it is
blocked where a council that is no children's-services authority (a district,
a combined authority) is called by it too, or where it is an everyday word
(name_index_common_words.csv). Where a predecessor and its successor share a
form ("Dorset"), the document's date chooses (`NameTable.choose`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph.registers.name_forms import council_forms, place_and_kinds
from graph.registers.names import normalise_name


@dataclass(frozen=True)
class CouncilBody:
    """A children's-services authority as documents name it: one code, every name it went by."""

    gss_code: str
    names: tuple[str, ...]
    entity_types: tuple[str, ...]  # GSS entity codes of its current and older codes ("E06", "E10")
    start: str | None  # ISO date it came into being (the DfE register's), None if unknown
    end: str | None  # last day in being; None while it is


@dataclass(frozen=True)
class NameOwner:
    gss_code: str
    start: str | None
    end: str | None


@dataclass(frozen=True)
class NameTable:
    owners: Mapping[str, tuple[NameOwner, ...]]  # folded form -> the children's-services councils it names
    blocked: frozenset[str]  # forms other councils share, and everyday words
    places: frozenset[str]  # forms that are a bare place name, no council words

    def forms(self) -> list[str]:
        """Every folded form to look for in text, the blocked ones too (they keep a district's
        name whole, so "Derbyshire Dales" is not read as Derbyshire)."""
        return sorted(set(self.owners) | self.blocked)

    def choose(self, form: str, when: str | None, childrens_services_context: bool = False) -> str | None:
        """The council `form` names in a document of date `when` (ISO, maybe partial), or None.

        A blocked form counts only where the context can only be a children's-services
        authority (an Ofsted report title). A predecessor counts up to its last day, a successor
        from its first: a place name means the council in being at the document's date, a council's
        full name ("Cumbria County Council") means it whatever the date. An undated document names
        the council in being now, else the one council ever so named ("Northamptonshire").
        """
        owners = self.owners.get(form, ())
        if not owners or (form in self.blocked and not childrens_services_context):
            return None
        if when is None:
            alive = [o for o in owners if o.end is None] or list(owners)
        else:
            alive = [o for o in owners if o.end is None or when <= o.end]
            if len(alive) > 1:
                alive = [o for o in alive if o.start is None or o.start <= when] or alive
            if not alive and form not in self.places:
                alive = list(owners)
        return alive[0].gss_code if len(alive) == 1 else None


def build_name_table(bodies: Iterable[CouncilBody], other_councils: Iterable[tuple[str, Iterable[str]]],
                     common_words: frozenset[str], regions: frozenset[str]) -> NameTable:
    """The forms of `bodies` (children's-services councils), blocked where `other_councils`
    ((GSS code, names) of councils in being that are not) share them or they are common words."""
    not_places = frozenset(normalise_name(region) for region in regions)
    owners: dict[str, dict[str, NameOwner]] = defaultdict(dict)
    for body in bodies:
        forms = council_forms(body.names, body.entity_types, childrens_services=True, not_places=not_places)
        for form in forms:
            owners[normalise_name(form)][body.gss_code] = NameOwner(body.gss_code, body.start, body.end)
    blocked = set()
    for code, names in other_councils:
        blocked |= {normalise_name(form) for form in council_forms(names, (code[:3],), not_places=not_places)}
    # "York and North Yorkshire" (a combined authority) names the two councils too; text joining
    # council names with "and" names them, not a third body.
    blocked = {form for form in blocked
               if " and " not in form or not all(part in owners for part in form.split(" and "))} | common_words
    blocked.discard("")
    return NameTable(
        owners={form: tuple(by_code[code] for code in sorted(by_code)) for form, by_code in owners.items() if form},
        blocked=frozenset(blocked),
        places=frozenset(form for form in owners if place_and_kinds(form)[0] == form),
    )


def unambiguous_index(table: NameTable, current_codes: frozenset[str]) -> dict[str, str]:
    """Folded form -> GSS code of the current authority it names in running text today."""
    index = {}
    for form in table.owners:
        code = table.choose(form, None)
        if code in current_codes:
            index[form] = code
    return index
