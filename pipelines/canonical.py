"""Canonical names, stable ids of discovered entities, and the grouping of one article's entities.

Pure string and span logic: no spaCy, no matching. `pipelines.entities.resolve_entities` feeds it
NER spans and watchlist mentions of one text.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from pipelines.records import Entity, Mention, Watchlist, WatchlistEntity

# Same-length replacements applied before anything else: typographic quotes, dashes and spaces.
PUNCT_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\n": " ",
        "\r": " ",
    }
)
_PUNCT_CHARS = re.compile("[" + re.escape("".join(map(chr, PUNCT_MAP))) + "]")
_PUNCT_BY_CHAR = {chr(k): v for k, v in PUNCT_MAP.items()}

# Scripts written without spaces between words: a match there needs no word boundary.
NO_SPACE_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables (particles attach to names)
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x2FA1F),  # CJK extensions B-F, compatibility supplement
)


# Legal-form suffixes dropped from organisation names ("Nvidia Corp." -> "Nvidia"). Brand words such
# as Group or Holdings stay: "SoftBank Group" is what the company is called.
_CORP_SUFFIX = re.compile(
    r"(?:,?\s+|\s*,\s*)(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|l\.l\.c|plc"
    r"|gmbh|ag|s\.?a|n\.?v|se|ab|asa|oyj|k\.?k|pte|pty)\.?$",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_HYPHEN_SPACES = re.compile(r"\s*-\s*")
_KEY_DROP = re.compile(r"[.'\"`,;:!?()\[\]{}<>«»“”]")
_SLUG_SEP = re.compile(r"[^\w]+|_+")
_TITLE_WORDS = frozenset(
    ("mr", "mrs", "ms", "dr", "prof", "sir", "dame", "president", "ceo", "chairman", "chief")
)

# Labels that name something; numeric and temporal labels (DATE, MONEY, CARDINAL, ...) are not
# entities in the media-monitoring sense.
NAMED_LABELS = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
SHORT_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})  # NER often mislabels surnames
# Common nouns of tech news that the small English model often labels GPE or ORG ("AI" as a
# country): never discovered entities. Watchlist aliases are unaffected.
NOT_ENTITIES = frozenset(
    ("ai", "agi", "llm", "llms", "gpu", "gpus", "cpu", "cpus", "ceo", "cfo", "cto", "api")
)


# --- offset-preserving text normalisation (watchlist matching) ---


def normalize_punct(text: str) -> str:
    """Typographic quotes, dashes and spaces as ASCII; the same length, so offsets still hold."""
    return _PUNCT_CHARS.sub(lambda m: _PUNCT_BY_CHAR[m.group()], text)  # ~7x str.translate


def fold(text: str) -> str:
    """Lowercase without changing length, so offsets in the folded copy are offsets in `text`."""
    lowered = text.lower()
    if len(lowered) == len(text):  # lower() never shortens a character, so lengths align 1:1
        return lowered
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)  # e.g. "İ" stays


def is_word_char(char: str) -> bool:
    """A letter or digit of a script that separates words with spaces."""
    if not char.isalnum():
        return False
    code = ord(char)
    return code < 0x0E00 or not any(lo <= code <= hi for lo, hi in NO_SPACE_RANGES)


def at_boundaries(text: str, start: int, end: int) -> bool:
    """No letter or digit runs on across either edge (edges in spaceless scripts always pass).

    An edge at or beyond either end of `text` passes, so empty or out-of-range spans never raise.
    """
    size = len(text)
    if 0 < start < size and is_word_char(text[start - 1]) and is_word_char(text[start]):
        return False
    return not (0 < end < size and is_word_char(text[end]) and is_word_char(text[end - 1]))


def display_name(surface: str, label: str) -> str:
    """The surface for display: no possessive, legal suffix or leading "the"; case kept."""
    name = _SPACES.sub(" ", unicodedata.normalize("NFKC", surface).translate(PUNCT_MAP)).strip()
    name = name.strip("\"'()[],;:")
    name = _POSSESSIVE.sub("", name).strip()
    if label != "PERSON":
        name = _LEADING_THE.sub("", name)
        previous = None
        while previous != name:  # "Foo Co., Ltd." carries two suffixes
            previous = name
            stripped = _CORP_SUFFIX.sub("", name).strip()
            name = stripped or name
    return name.strip(" ,-")


def canonical_name(surface: str, label: str) -> str:
    """Case- and accent-insensitive key of a surface: "Nvidia Corp.'s" and "NVIDIA" -> "nvidia"."""
    name = display_name(surface, label)
    name = _KEY_DROP.sub("", name)
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    name = unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )
    key = _SPACES.sub(" ", _HYPHEN_SPACES.sub("-", name)).strip()
    return " ".join(name_tokens(key)) if label == "PERSON" else key


def entity_slug(key: str) -> str:
    """URL-safe slug of a canonical key; long keys are cut and suffixed with a short hash."""
    slug = _SLUG_SEP.sub("-", key).strip("-") or "x"
    if len(slug) > 60:
        slug = f"{slug[:51].rstrip('-')}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"
    return slug


def discovered_id(label: str, key: str) -> str:
    """Stable id of a discovered entity: same key and type, same id on every run and machine."""
    return f"{label.lower()}:{entity_slug(key)}"


def name_tokens(key: str) -> tuple[str, ...]:
    """Tokens of a person key, without leading honorifics ("dr lisa su" -> ("lisa", "su"))."""
    tokens = tuple(key.split())
    while tokens and tokens[0] in _TITLE_WORDS:
        tokens = tokens[1:]
    return tokens


def _is_subsequence(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    n = len(short)
    return 0 < n < len(full) and any(full[i : i + n] == short for i in range(len(full) - n + 1))


@dataclass(frozen=True, slots=True)
class FullName:
    """A multi-token person name seen in the article, with where it first occurred."""

    group: str  # the group key it belongs to (a canonical key or a watchlist id)
    tokens: tuple[str, ...]
    first_start: int


def resolve_short_name(
    key: str, label: str, start: int, full_names: Sequence[FullName]
) -> str | None:
    """The group a short person reference belongs to ("huang" -> the group of "jensen huang").

    A PERSON span may refer to a full name anywhere in the article (nearest earlier one first);
    a single token that NER labelled ORG/GPE/NORP only to a full name used earlier. Ambiguous
    references resolve to the most recent earlier full name: news style introduces a person in
    full before using the surname.
    """
    tokens = name_tokens(key)
    if not tokens or (label != "PERSON" and (label not in SHORT_NAME_LABELS or len(tokens) != 1)):
        return None
    candidates = [f for f in full_names if _is_subsequence(tokens, f.tokens)]
    earlier = [f for f in candidates if f.first_start < start]
    if earlier:
        return max(earlier, key=lambda f: f.first_start).group
    if label == "PERSON" and candidates:
        return min(candidates, key=lambda f: f.first_start).group
    return None


def vote_label(labels: Sequence[str]) -> str:
    """Majority label; ties go to the label seen first. `labels` must not be empty."""
    counts = Counter(labels)
    best = max(counts.values())
    return next(label for label in labels if counts[label] == best)


def choose_display(surfaces: Sequence[str]) -> str:
    """The most frequent display form; ties go to the longest, then the first seen (not empty)."""
    counts = Counter(surfaces)
    order = {s: i for i, s in reversed(list(enumerate(surfaces)))}
    return max(counts, key=lambda s: (counts[s], len(s), -order[s]))


# --- per-article grouping ---


@dataclass(frozen=True, slots=True)
class ResolvedEntity:
    """One entity of one article: a watchlist entity or a discovered one, with all its mentions."""

    entity_id: str
    name: str
    type: str
    source: Literal["watchlist", "discovered"]
    mentions: tuple[tuple[int, int, str], ...]  # (start, end, surface), in text order


@dataclass
class _Group:
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # direct mentions only: they vote the type
    names: list[str] = field(default_factory=list)
    # labels and names of short references that joined this group: they name it only when it
    # has no direct mention
    joined_labels: list[str] = field(default_factory=list)
    joined_names: list[str] = field(default_factory=list)

    def add(self, ent: Entity, direct: bool) -> None:
        """Attach an NER span: a direct mention, or a short reference that joined this group."""
        self.spans.append((ent.start, ent.end, ent.text))
        name = display_name(ent.text, ent.label)
        if direct:
            self.labels.append(ent.label)
            self.names.append(name)
        else:
            self.joined_labels.append(ent.label)
            self.joined_names.append(name)


def group_entities(
    entities: Sequence[Entity], mentions: Sequence[Mention], watchlist: Watchlist
) -> list[ResolvedEntity]:
    """Group one article's NER spans and watchlist mentions (same text) into entities.

    An NER span overlapping a watchlist mention belongs to that watchlist entity. Short person
    references ("Huang") join the full name used in the article ("Jensen Huang"), watchlist or
    discovered. Discovered names group by `canonical_name`, their type is voted across mentions and
    their id is `discovered_id(type, key)`.
    """
    wl = watchlist.by_id()
    groups: dict[str, _Group] = defaultdict(_Group)
    full_names: dict[str, FullName] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        groups[m.entity_id].spans.append((m.start, m.end, m.surface))
        if wl[m.entity_id].type == "PERSON":
            tokens = name_tokens(canonical_name(m.surface, "PERSON"))
            if len(tokens) > 1:
                full_names.setdefault(" ".join(tokens), FullName(m.entity_id, tokens, m.start))

    taken = sorted((m.start, m.end) for m in mentions)
    pending: list[tuple[Entity, str]] = []
    for ent in sorted(entities, key=lambda e: e.start):
        if ent.label not in NAMED_LABELS or _overlaps(taken, ent.start, ent.end):
            continue
        key = canonical_name(ent.text, ent.label)
        if key in NOT_ENTITIES or not any(c.isalpha() for c in key):
            continue
        pending.append((ent, key))
        tokens = name_tokens(key)
        if ent.label == "PERSON" and len(tokens) > 1:
            full_names.setdefault(key, FullName(f"key:{key}", tokens, ent.start))

    known = list(full_names.values())
    moved = _moved_full_names(known)
    for ent, key in pending:
        group = f"key:{key}"
        target = resolve_short_name(key, ent.label, ent.start, known)
        if target is not None:
            target = _final_group(target, moved)
        if target is not None and target != group:
            groups[target].add(ent, direct=False)
        else:
            groups[group].add(ent, direct=True)
    return _finish(groups, wl)


def _moved_full_names(known: Sequence[FullName]) -> dict[str, str]:
    """Group of a discovered full name -> the group its first occurrence joined, if another.

    "Nintendo Switch" after "Nintendo Switch Lite" is itself a short reference and joins the
    longer name; a later "Switch" must follow it there.
    """
    moved: dict[str, str] = {}
    for full in known:
        if full.group.startswith("key:"):
            target = resolve_short_name(" ".join(full.tokens), "PERSON", full.first_start, known)
            if target is not None and target != full.group:
                moved[full.group] = target
    return moved


def _final_group(group: str, moved: dict[str, str]) -> str:
    """The group at the end of the chain of moves from `group`, stopping before any cycle."""
    seen = {group}
    while (target := moved.get(group)) is not None and target not in seen:
        seen.add(target)
        group = target
    return group


def _overlaps(sorted_spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, non-overlapping spans."""
    i = bisect.bisect_left(sorted_spans, (end, end))
    return i > 0 and sorted_spans[i - 1][1] > start


def _finish(groups: dict[str, _Group], wl: dict[str, WatchlistEntity]) -> list[ResolvedEntity]:
    merged: dict[str, ResolvedEntity] = {}
    for group_key, group in groups.items():
        if not group.spans:
            continue
        if group_key.startswith("key:"):
            labels = group.labels or group.joined_labels
            names = group.names or group.joined_names  # filled together with the labels
            if not labels:  # every span brings its label: a bare group is a bug, not an entity
                continue
            label = vote_label(labels)
            entity_id = discovered_id(label, group_key[4:])
            name, source = choose_display(names), "discovered"
        else:
            entity = wl[group_key]
            entity_id, name, label, source = entity.id, entity.name, entity.type, "watchlist"
        previous = merged.get(entity_id)  # two keys may slug alike ("at&t", "at t"): merge them
        spans = sorted(set(group.spans) | set(previous.mentions if previous else ()))
        merged[entity_id] = ResolvedEntity(entity_id, name, label, source, tuple(spans))
    return sorted(merged.values(), key=lambda r: (r.mentions[0][0], r.entity_id))
