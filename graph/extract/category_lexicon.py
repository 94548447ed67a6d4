"""Category evidence that generalises beyond the words seen in training (docs/findings-guideline.md, "Category").

Two kinds of context tag for the findings model's category head:

- `lex-{category}`: the clause holds a word of that category's own definition in
  ontology/concepts.ttl (label, definition, scope note), words of three or more
  categories' definitions left out ("children", "practice"). A learned weight on
  "the clause speaks the definition's words" carries to wordings no annotated
  example used, where a weight on each word needs that word seen.
- `subj-{stem}`: the words of the clause's subject, read as the words before its
  first auxiliary or common finding verb. What a finding is about is mostly its
  subject ("Plans for children ... are not", "Management oversight is"), while the
  predicate ("is not consistently effective") is shared by every category.

Words are compared by a crude stem (plural and verb endings off) so "assessments"
meets "assessment" and "planning" meets "plans".
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from graph import concepts

_WORD_RE = re.compile(r"[a-z]+")
_SUFFIXES = ("ments", "ment", "ings", "ing", "ies", "es", "s", "ed", "ly")
_STOP = frozenset(
    "a an the of and or to in on for with by is are be been not no do does when whether their its it they them "
    "this that these those as at from how who what which about enough more most too very all any some into near "
    "where before after there other including".split())
# Where a finding's subject ends: auxiliaries and the verbs findings most often turn on.
_SUBJECT_ENDS = frozenset(
    "is are was were has have had do does did can could should would will may might must remain remains remained "
    "continue continues need needs lack lacks".split())
_SUBJECT_WORDS = 12  # a subject longer than this is a clause read wrongly
_SHARED = 3  # a word in this many categories' definitions tells none of them apart


@lru_cache(maxsize=1 << 16)  # hot: every word of every candidate clause, twice; a corpus repeats its words
def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[:-len(suffix)]
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]  # "plann" (planning) -> "plan"
    return word


@cache
def lexicons() -> dict[str, frozenset[str]]:
    """Each category's defining stems (but `other`, which has no definition of its own)."""
    found = {}
    for concept in concepts.scheme("concern-category"):
        if concept.notation == "other":
            continue
        text = " ".join((concept.label, concept.definition, concept.scope_note)).lower()
        found[concept.notation] = {stem(w) for w in _WORD_RE.findall(text) if w not in _STOP and len(w) > 2}
    shared = Counter(word for words in found.values() for word in words)
    return {name: frozenset(w for w in words if shared[w] < _SHARED) for name, words in found.items()}


def lexicon_tags(lower_clause: str) -> list[str]:
    """`lex-{category}` for each category whose defining words the clause holds, `lex2-` for two or more."""
    shared: Counter[str] = Counter()
    for word_stem in {stem(w) for w in _WORD_RE.findall(lower_clause)}:
        shared.update(_categories_of().get(word_stem, ()))
    tags = []
    for name in lexicons():  # in the lexicons' order, as the model's features were read in training
        if shared[name]:
            tags.append(f"lex-{name}")
        if shared[name] >= 2:
            tags.append(f"lex2-{name}")
    return tags


@cache
def _categories_of() -> dict[str, tuple[str, ...]]:
    """Each defining stem's categories: a clause's stems are looked up, not intersected with every lexicon."""
    found: dict[str, list[str]] = {}
    for name, words in lexicons().items():
        for word in words:
            found.setdefault(word, []).append(name)
    return {word: tuple(names) for word, names in found.items()}


def subject_tags(lower_clause: str) -> list[str]:
    tags = []
    for word in _WORD_RE.findall(lower_clause)[:_SUBJECT_WORDS]:
        if word in _SUBJECT_ENDS:
            break
        if word not in _STOP:
            tags.append(f"subj-{stem(word)}")
    return list(dict.fromkeys(tags))
