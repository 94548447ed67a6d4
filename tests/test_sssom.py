"""The SSSOM export of the register mappings parses and justifies every row."""

import csv
import io

import pytest
import yaml
from rdflib import Dataset, Graph
from rdflib.namespace import OWL, SKOS

from graph.registers.rdf import AUTHORITIES, MEMBERS, register_graphs
from graph.store import EmbeddedStore
from graph.registers.sssom import main, mappings, sssom_tsv, union_of
from graph.vocab import register_graph

REQUIRED_COLUMNS = ["subject_id", "subject_label", "predicate_id", "object_id", "object_label",
                    "mapping_justification", "confidence", "comment"]


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return register_graphs()


@pytest.fixture(scope="module")
def registers_graph(graphs) -> Graph:
    union = Graph()
    for graph in graphs.values():
        union += graph
    return union


def parse(document: str) -> tuple[dict, list[dict[str, str]]]:
    header = "\n".join(line[2:] for line in document.splitlines() if line.startswith("# "))
    table = "\n".join(line for line in document.splitlines() if not line.startswith("#"))
    return yaml.safe_load(header), list(csv.DictReader(io.StringIO(table), delimiter="\t"))


def test_header_is_yaml_with_curie_map_id_and_licence(registers_graph):
    metadata, _ = parse(sssom_tsv(registers_graph))
    assert metadata["mapping_set_id"].startswith("https://")
    assert metadata["license"].startswith("http")
    assert {"kgr", "wd", "owl", "skos", "semapv"} <= set(metadata["curie_map"])


def test_every_row_has_justification_confidence_and_known_predicate(registers_graph):
    metadata, rows = parse(sssom_tsv(registers_graph))
    assert rows and list(rows[0]) == REQUIRED_COLUMNS
    for row in rows:
        assert row["predicate_id"] in {"owl:sameAs", "skos:exactMatch"}
        assert row["mapping_justification"].startswith("semapv:")
        assert 0 < float(row["confidence"]) <= 1
        assert row["subject_id"].split(":")[0] in metadata["curie_map"]
        assert row["object_id"].split(":")[0] in metadata["curie_map"]


def test_stoke_and_ruth_smeeth_are_mapped_to_wikidata(registers_graph):
    _, rows = parse(sssom_tsv(registers_graph))
    pairs = {(row["subject_id"], row["object_id"]): row for row in rows}
    stoke = pairs[("kgr:authority/E06000021", "wd:Q17022507")]
    assert stoke["subject_label"] == "Stoke-on-Trent City Council"
    assert stoke["mapping_justification"] == "semapv:DatabaseCrossReference"
    smeeth = pairs[("kgr:person/ruth-smeeth", "wd:Q19586268")]
    assert smeeth["mapping_justification"] == "semapv:ManualMappingCuration"


def test_one_row_per_link_in_the_graph(registers_graph):
    links = len(list(registers_graph.triples((None, OWL.sameAs, None)))) + \
        len(list(registers_graph.triples((None, SKOS.exactMatch, None))))
    assert len(mappings(registers_graph)) == links > 300


def test_a_dataset_with_named_graphs_gives_the_same_mappings(graphs, registers_graph):
    dataset = Dataset()
    for name in (AUTHORITIES, MEMBERS):  # the graphs that hold the links
        named = dataset.graph(register_graph(name))
        for triple in graphs[name]:
            named.add(triple)
    assert mappings(dataset) == mappings(union_of(dataset)) == mappings(registers_graph)


def test_command_writes_the_file_from_the_shipped_registers(tmp_path):
    out = tmp_path / "registers.sssom.tsv"
    assert main(["--out", str(out)]) == 0
    _, rows = parse(out.read_text(encoding="utf-8"))
    assert any(row["object_id"] == "wd:Q17022507" for row in rows)


def test_command_reads_the_register_graphs_of_a_built_store(graphs, tmp_path):
    nquads = tmp_path / "registers.nq"
    with nquads.open("w", encoding="utf-8") as handle:
        for name in (AUTHORITIES, MEMBERS):
            for s, p, o in graphs[name]:
                handle.write(f"{s.n3()} {p.n3()} {o.n3()} <{register_graph(name)}> .\n")
    EmbeddedStore(tmp_path / "store").publish(nquads)
    out = tmp_path / "from-store.sssom.tsv"
    assert main(["--store", str(tmp_path / "store"), "--out", str(out)]) == 0
    _, rows = parse(out.read_text(encoding="utf-8"))
    assert ("kgr:person/ruth-smeeth", "wd:Q19586268") in {(row["subject_id"], row["object_id"]) for row in rows}
