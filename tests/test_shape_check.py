"""graph.shape_check: the shapes as direct tests. It must never pass what pyshacl faults (the mutations of
tests/test_validate.py compare verdicts and messages); here, what it compiles and what it refuses."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH, XSD

from graph.resources import SHAPES_FILE
from graph.shape_check import ShapeCheck, UnsupportedShape, _well_formed

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def test_a_subject_of_each_class_a_shape_needs_a_value_of_is_not_passed_bare():
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    check = ShapeCheck.compile(shapes)
    needy = {str(c) for s, c in shapes.subject_objects(SH.targetClass) if (s, SH.minCount, None) in shapes}
    for index, cls in enumerate(sorted(needy)):
        bare = [ox.Quad(ox.NamedNode(f"https://example.org/{index}"), ox.NamedNode(str(RDF.type)),
                        ox.NamedNode(cls), ox.NamedNode("https://example.org/graph"))]
        assert check.unsure([bare], {}) == [bare], cls
    assert len(needy) > 15


@pytest.mark.parametrize("shape", [
    "ex:S a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; sh:maxLength 3 .",
    "ex:S a sh:PropertyShape ; sh:targetNode ex:n ; sh:path ex:p ; sh:minCount 1 .",
    "ex:S a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; sh:pattern \"^a\" ; sh:flags \"i\" .",
    "ex:S a sh:NodeShape , rdfs:Class ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    "ex:S a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; sh:in ( 1 2 ) .",
    "ex:S a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; sh:severity sh:Warning ; sh:minCount 1 .",
], ids=["maxLength", "targetNode", "pattern-flags", "implicit-class-target", "in-integers", "severity"])
def test_a_shape_using_what_the_check_does_not_know_is_refused(shape):
    with pytest.raises(UnsupportedShape):
        ShapeCheck.compile(Graph().parse(data=PREFIXES + shape, format="turtle"))


LEXICAL_FORMS = {
    XSD.integer: ["0", "7", "-12", "01", "+5", "-0", "1.0", " 3", "", "١٢"],
    XSD.date: ["2020-03-25", "2020-02-30", "2020-3-25", "0000-01-01", "2020-03-25Z", "20200-03-25", "٢٠٢٠-03-25"],
    XSD.gYearMonth: ["2020-03", "2020-13", "2020-3", "-2020-03"],
    XSD.gYear: ["2020", "0001", "20201", "-2020"],
    XSD.decimal: ["1.5"],
}


@pytest.mark.parametrize("datatype", sorted(LEXICAL_FORMS), ids=lambda d: d.split("#")[-1])
def test_a_literal_is_judged_well_formed_only_where_rdflib_keeps_it_as_written_and_well_typed(datatype):
    for form in LEXICAL_FORMS[datatype]:
        if _well_formed(ox.Literal(form, datatype=ox.NamedNode(str(datatype)))):
            literal = Literal(form, datatype=datatype)
            assert str(literal) == form and literal.ill_typed is not True, form
    assert _well_formed(ox.Literal(LEXICAL_FORMS[datatype][0], datatype=ox.NamedNode(str(datatype)))) is (
        datatype != XSD.decimal)
