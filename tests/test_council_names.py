"""Every children's-services council since 2009 is recognised under every name Ofsted and the press
give it, in every Ofsted framework's title, letter and address and in news copy (docs/authorities.md).

The names and documents are generated from the registers (tests/council_matrix.py); each case
must yield exactly the council's GSS code, and an Ofsted report or letter an inspection of it.
"""

from __future__ import annotations

import pytest

from council_matrix import NOW, TEMPLATES, Council, in_a_sentence, councils, document, document_date, names_of
from graph.evaluation.fixtures import extract_text
from graph.records import AuthorityMention, InspectionMention

COUNCILS = councils()


def found(text: str) -> tuple[list[str], str | None]:
    """The councils a document names, once per mention, and the council of the inspection it reports on."""
    facts = extract_text(text, "document.txt").facts
    primary = next((f for f in facts if isinstance(f, InspectionMention) and f.primary), None)
    return [f.gss_code for f in facts if isinstance(f, AuthorityMention)], primary.authority if primary else None


def cases(council: Council) -> list[tuple[str, str]]:
    """(template, name) pairs the council must be found in: its names in each template of its time,
    except, in a sentence, a name that alone there is no council ("Reading", "Leicester City"; see
    test_a_council_named_by_an_everyday_word_is_found_in_titles_not_alone_in_a_sentence)."""
    return [(template.key, name) for template in TEMPLATES if document_date(template, council)
            for name in names_of(council) if not template.running_text or in_a_sentence(name)]


def test_the_matrix_covers_every_council_since_2009_in_every_template_of_its_time():
    assert len({c.code for c in COUNCILS if c.current}) == 153
    assert {c.code for c in COUNCILS if not c.current} >= {
        "E06000028", "E06000029", "E10000001", "E10000004", "E10000006", "E10000009", "E10000021"}
    in_use_now = {template.key for template in TEMPLATES if template.until == NOW}
    for council in COUNCILS:
        assert len(names_of(council)) >= 2, council
        assert not council.current or {key for key, _ in cases(council)} >= in_use_now, council


@pytest.mark.parametrize("council", COUNCILS, ids=lambda c: f"{c.code}-{c.short_name}")
def test_every_name_of_the_council_in_every_template_yields_exactly_its_code(council):
    templates = {template.key: template for template in TEMPLATES}
    failures = []
    for key, name in cases(council):
        named, inspected = found(document(templates[key], name, council))
        if named != [council.code] * templates[key].text.count("{name}"):  # in every slot, and only it
            failures.append(f"{key} / {name!r}: named {named}")
        elif templates[key].ofsted and inspected != council.code:
            failures.append(f"{key} / {name!r}: inspection of {inspected}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("council", [c for c in COUNCILS if c.current and not in_a_sentence(c.short_name)],
                         ids=lambda c: c.short_name)
def test_a_council_named_by_an_everyday_word_is_found_in_titles_not_alone_in_a_sentence(council):
    name = council.short_name
    assert found(f"Inspection of {name} local authority children’s services\nInspection dates: 3 to 7 June 2024\n"
                 )[0] == [council.code]
    assert found(f"Ofsted said {name}’s children’s services had improved.")[0] == [council.code]
    assert found(f"{name} Council said it welcomed the report.")[0] == [council.code]
    assert found(f"{name} was discussed, inspectors said.")[0] == []
