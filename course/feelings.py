"""The feelings vocabulary: families of feeling words, each with an intensity and a
plain one-line meaning, and the vague words people reach for instead.

Bridgework ships one (`resources/feelings.yaml`); a course may replace it with a
`feelings.yaml` at its root. Both are read by `parse_vocabulary`, which never raises
on content: every problem becomes a FILE:LINE `Finding`, like the course loader's.

`Vocabulary.scan` finds feeling words and vague words in free text (a learner's
perspective answer, a model answer) in one pass over the words, so highlighting stays
linear in the text's length whatever the vocabulary's size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from course.model import MAX_INTENSITY as MAX_INTENSITY  # re-exported with Pick
from course.model import MIN_INTENSITY as MIN_INTENSITY
from course.model import Finding, Severity
from course.model import Pick as Pick

VOCABULARY_FILE = "feelings.yaml"
SHIPPED_VOCABULARY = Path(__file__).resolve().parent.parent / "resources" / VOCABULARY_FILE
SUPPORTED_FORMATS = frozenset({1})
# A vocabulary is a short, hand-written file; anything far larger is a mistake or hostile.
MAX_VOCABULARY_BYTES = 1_000_000
MAX_WORDS = 2_000
MAX_PHRASE_WORDS = 4

_ComposeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
# A word of running text: letters, with inner apostrophes or hyphens ("self-conscious").
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Words after which a 'common' word is read as a feeling: "I felt close", "she was down".
_CUES = frozenset(
    {
        *("feel", "feels", "felt", "feeling", "feelings", "seem", "seems", "seemed"),
        *("am", "is", "are", "was", "were", "be", "been", "being", "looks", "looked"),
        *("so", "very", "too", "more", "less", "quite", "really", "deeply", "a", "bit"),
        *("little", "rather"),
    }
)
_CUE_REACH = 3  # how many words back a cue may stand ("felt a bit more down")


class Tone(StrEnum):
    """Whether a family's feelings are, in general, pleasant or unpleasant to have.

    Not a judgement: anger can be right and calm can be numbness. Insights use it to
    look at the unpleasant feelings on their own, as emotion research does.
    """

    PLEASANT = "pleasant"
    UNPLEASANT = "unpleasant"


class Intensity(StrEnum):
    MILD = "mild"
    MODERATE = "moderate"
    STRONG = "strong"


@dataclass(frozen=True, slots=True)
class Family:
    id: str
    title: str
    tone: Tone
    about: str = ""


@dataclass(frozen=True, slots=True)
class Feeling:
    word: str
    family: str
    intensity: Intensity
    means: str
    # Other forms that name the same feeling in running text ("shame" for "ashamed").
    forms: tuple[str, ...] = ()
    # A word with everyday meanings too ("close the door"): in running text it counts
    # as a feeling only after a cue such as "feel" or "was".
    common: bool = False


@dataclass(frozen=True, slots=True)
class VagueWord:
    word: str
    often_means: tuple[str, ...]
    common: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """A feeling word or a vague word found in a text, by character offsets."""

    start: int
    end: int
    text: str
    feeling: Feeling | None = None
    vague: VagueWord | None = None
    words: int = 1


@dataclass(frozen=True)
class Vocabulary:
    families: tuple[Family, ...]
    feelings: tuple[Feeling, ...]
    vague: tuple[VagueWord, ...] = ()
    _by_word: dict[str, Feeling] = field(default_factory=dict, repr=False, compare=False)
    _by_form: dict[str, Feeling] = field(default_factory=dict, repr=False, compare=False)
    _vague_by_word: dict[str, VagueWord] = field(default_factory=dict, repr=False, compare=False)
    _family_by_id: dict[str, Family] = field(default_factory=dict, repr=False, compare=False)
    _longest: int = field(default=1, repr=False, compare=False)

    def __post_init__(self) -> None:
        for family in self.families:
            self._family_by_id[family.id] = family
        for feeling in self.feelings:
            key = _key(feeling.word)
            self._by_word[key] = feeling
            self._by_form.setdefault(key, feeling)
            for form in feeling.forms:
                self._by_form.setdefault(_key(form), feeling)
        for vague in self.vague:
            self._vague_by_word[_key(vague.word)] = vague
        phrases = [*self._by_form, *self._vague_by_word]
        longest = max((len(p.split()) for p in phrases), default=1)
        object.__setattr__(self, "_longest", min(longest, MAX_PHRASE_WORDS))

    def feeling(self, word: str) -> Feeling | None:
        """The feeling named exactly `word` (any case), not one of its other forms."""
        return self._by_word.get(_key(word))

    def family(self, family_id: str) -> Family | None:
        return self._family_by_id.get(family_id)

    def in_family(self, family_id: str) -> tuple[Feeling, ...]:
        return tuple(f for f in self.feelings if f.family == family_id)

    def search(self, query: str) -> tuple[Feeling, ...]:
        """Feelings whose word, forms or meaning contain every word of `query`.

        Words that start with the query come first, so typing "ash" offers "ashamed"
        before the feelings whose meaning mentions ashes.
        """
        terms = [t for t in _key(query).split() if t]
        if not terms:
            return self.feelings

        def haystack(f: Feeling) -> str:
            return " ".join((f.word, *f.forms, f.means)).casefold()

        hits = [f for f in self.feelings if all(t in haystack(f) for t in terms)]
        return tuple(sorted(hits, key=lambda f: not f.word.casefold().startswith(terms[0])))

    def scan(self, text: str) -> list[Mention]:
        """Every feeling word and vague word in `text`, longest phrase first, in order."""
        words = _words(text)
        found: list[Mention] = []
        i = 0
        last_feeling_end = -_CUE_REACH - 1  # index of the word after the last feeling found
        while i < len(words):
            # A list of feelings carries its cue: "I feel hurt, afraid and alone".
            after_feeling = i - last_feeling_end < _CUE_REACH and (
                last_feeling_end > 0 and words[last_feeling_end - 1].sentence == words[i].sentence
            )
            mention = self._mention_at(text, words, i, after_feeling)
            if mention is None:
                i += 1
            else:
                found.append(mention)
                i += mention.words
                if mention.feeling is not None:
                    last_feeling_end = i
        return found

    def _mention_at(
        self, text: str, words: list[_Word], i: int, after_feeling: bool
    ) -> Mention | None:
        sentence = words[i].sentence
        cued = after_feeling or any(
            w.word in _CUES and w.sentence == sentence for w in words[max(0, i - _CUE_REACH) : i]
        )
        for size in range(min(self._longest, len(words) - i), 0, -1):
            if words[i + size - 1].sentence != sentence:
                continue
            phrase = " ".join(w.word for w in words[i : i + size])
            feeling = self._by_form.get(phrase)
            vague = None if feeling else self._vague_by_word.get(phrase)
            entry = feeling or vague
            if entry is not None and (cued or not entry.common):
                start, end = words[i].start, words[i + size - 1].end
                return Mention(start, end, text[start:end], feeling, vague, size)
        return None


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    word: str  # case-folded, curly apostrophes made straight
    sentence: int  # which sentence (or clause after ';' or ':') the word is in


_SENTENCE_BREAK = re.compile(r"[.!?;:\n]")


def _words(text: str) -> list[_Word]:
    words: list[_Word] = []
    sentence, previous_end = 0, 0
    for match in _WORD.finditer(text):
        if _SENTENCE_BREAK.search(text, previous_end, match.start()):
            sentence += 1
        words.append(_Word(match.start(), match.end(), _key(match.group()), sentence))
        previous_end = match.end()
    return words


def _key(word: str) -> str:
    return " ".join(word.casefold().replace("’", "'").split())


@lru_cache(maxsize=1)
def shipped_vocabulary() -> Vocabulary:
    """The vocabulary Bridgework ships with (checked by the test suite to load clean)."""
    text = SHIPPED_VOCABULARY.read_text(encoding="utf-8")
    vocabulary, findings = parse_vocabulary(text, str(SHIPPED_VOCABULARY))
    errors = [f.format() for f in findings if f.severity is Severity.ERROR]
    if vocabulary is None or errors:
        raise RuntimeError("the shipped feelings vocabulary is broken:\n" + "\n".join(errors))
    return vocabulary


_TOP_KEYS = frozenset({"format", "families", "words", "vague"})
_FAMILY_KEYS = frozenset({"id", "title", "tone", "about"})
_WORD_KEYS = frozenset({"word", "family", "intensity", "means", "forms", "common"})
_VAGUE_KEYS = frozenset({"word", "often_means", "common"})


def parse_vocabulary(
    text: str, file: str = VOCABULARY_FILE
) -> tuple[Vocabulary | None, list[Finding]]:
    """Read a feelings.yaml; (None, findings) when it has errors that leave it unusable."""
    return _VocabularyReader(file).read(text)


class _VocabularyReader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.findings: list[Finding] = []
        self.errors = 0
        self.seen_nodes: set[int] = set()
        # Every family id written, valid or not, so one bad family is one error.
        self.family_names: set[str] = set()

    def err(self, node: Node | None, message: str) -> None:
        self.errors += 1
        self.findings.append(Finding(self.file, _line(node), Severity.ERROR, message))

    def warn(self, node: Node | None, message: str) -> None:
        self.findings.append(Finding(self.file, _line(node), Severity.WARNING, message))

    def read(self, text: str) -> tuple[Vocabulary | None, list[Finding]]:
        if len(text.encode("utf-8", "surrogatepass")) > MAX_VOCABULARY_BYTES:
            self.err(None, f"{VOCABULARY_FILE} is larger than {MAX_VOCABULARY_BYTES:,} bytes")
            return None, self.findings
        try:
            root = yaml.compose(text, Loader=_ComposeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark is not None else 1
            problem = error.problem or "it is not valid YAML"
            self.findings.append(
                Finding(self.file, line, Severity.ERROR, f"YAML syntax error: {problem}")
            )
            return None, self.findings
        except (yaml.YAMLError, ValueError, RecursionError) as error:
            self.err(None, f"YAML syntax error: {error}")
            return None, self.findings
        top = self.mapping(root, VOCABULARY_FILE, _TOP_KEYS)
        if top is None:
            return None, self.findings
        fmt = top.get("format")
        if fmt is None:
            self.err(root, f"{VOCABULARY_FILE} needs 'format: 1'")
        elif _scalar(fmt) not in {str(v) for v in SUPPORTED_FORMATS}:
            self.err(fmt, f"unknown format {_scalar(fmt)!r}; this version of Bridgework reads 1")
            return None, self.findings

        families = self.families(top.get("families"), root)
        feelings = self.words(top.get("words"), root, {f.id: f for f in families})
        vague = self.vague_words(top.get("vague"), {_key(f.word) for f in feelings}, feelings)
        if self.errors:
            return None, self.findings
        return Vocabulary(tuple(families), tuple(feelings), tuple(vague)), self.findings

    # -- the three lists --------------------------------------------------------------

    def families(self, node: Node | None, root: Node | None) -> list[Family]:
        families: list[Family] = []
        seen: dict[str, int] = {}
        for item in self.sequence(node, "families", root):
            m = self.mapping(item, "a family", _FAMILY_KEYS)
            if m is None:
                continue
            family_id = self.text(m, "id", "a family", item)
            title = self.text(m, "title", f"family '{family_id}'", item)
            tone_text = self.text(m, "tone", f"family '{family_id}'", item)
            if family_id is not None:
                self.family_names.add(family_id)
            if family_id is None or title is None or tone_text is None:
                continue
            if not _ID.fullmatch(family_id):
                self.err(m["id"], f"family id '{family_id}' may use only a-z, 0-9 and '-'")
                continue
            if family_id in seen:
                self.err(
                    m["id"], f"family '{family_id}' is already listed on line {seen[family_id]}"
                )
                continue
            try:
                tone = Tone(tone_text)
            except ValueError:
                self.err(
                    m["tone"],
                    f"tone '{tone_text}' of family '{family_id}' should be pleasant or unpleasant",
                )
                continue
            seen[family_id] = _line(item)
            about = self.text(m, "about", f"family '{family_id}'", item, required=False) or ""
            families.append(Family(family_id, title, tone, about))
        return families

    def words(
        self, node: Node | None, root: Node | None, families: dict[str, Family]
    ) -> list[Feeling]:
        feelings: list[Feeling] = []
        seen: dict[str, int] = {}
        items = self.sequence(node, "words", root)
        if len(items) > MAX_WORDS:
            self.err(
                node, f"{len(items):,} words is more than the {MAX_WORDS:,} a vocabulary may have"
            )
            return []
        for item in items:
            m = self.mapping(item, "a word", _WORD_KEYS)
            if m is None:
                continue
            word = self.text(m, "word", "a word", item)
            what = f"word '{word}'" if word else "a word"
            family_id = self.text(m, "family", what, item)
            intensity_text = self.text(m, "intensity", what, item)
            means = self.text(m, "means", what, item)
            if None in (word, family_id, intensity_text, means):
                continue
            assert word and family_id and intensity_text and means
            key = _key(word)
            if len(key.split()) > MAX_PHRASE_WORDS:
                self.err(m["word"], f"{what} has more than {MAX_PHRASE_WORDS} words")
                continue
            if key in seen:
                self.err(
                    m["word"],
                    f"{what} is already listed on line {seen[key]}; each feeling word appears once",
                )
                continue
            if family_id not in families and family_id in self.family_names:
                continue  # that family has an error of its own already
            if family_id not in families:
                known = ", ".join(sorted(families)) or "none yet"
                self.err(
                    m["family"],
                    f"{what} names family '{family_id}', which is not in "
                    f"'families' (known: {known})",
                )
                continue
            try:
                intensity = Intensity(intensity_text)
            except ValueError:
                self.err(
                    m["intensity"],
                    f"intensity '{intensity_text}' of {what} should be mild, moderate or strong",
                )
                continue
            forms = self.text_list(m.get("forms"), f"'forms' of {what}")
            common = self.flag(m, "common", what)
            seen[key] = _line(item)
            feelings.append(Feeling(word, family_id, intensity, means, forms, common))
        for family in families.values():
            if not any(f.family == family.id for f in feelings):
                self.warn(root, f"family '{family.id}' has no words")
        return feelings

    def vague_words(
        self, node: Node | None, known: set[str], feelings: list[Feeling]
    ) -> list[VagueWord]:
        if node is None:
            return []
        vague: list[VagueWord] = []
        for item in self.sequence(node, "vague", node):
            m = self.mapping(item, "a vague word", _VAGUE_KEYS)
            if m is None:
                continue
            word = self.text(m, "word", "a vague word", item)
            if word is None:
                continue
            if _key(word) in known:
                self.err(m["word"], f"'{word}' is listed both as a feeling and as a vague word")
                continue
            often = self.text_list(m.get("often_means"), f"'often_means' of vague word '{word}'")
            if not often:
                self.err(
                    item,
                    f"vague word '{word}' needs 'often_means:' with the more precise "
                    "words it often stands for",
                )
                continue
            unknown = [w for w in often if _key(w) not in known]
            if unknown:
                self.err(
                    m["often_means"],
                    f"'often_means' of vague word '{word}' names "
                    f"{', '.join(repr(w) for w in unknown)}, not in 'words'",
                )
                continue
            vague.append(VagueWord(word, often, self.flag(m, "common", f"vague word '{word}'")))
        return vague

    # -- YAML helpers -----------------------------------------------------------------

    def visit(self, node: Node) -> bool:
        # An alias makes one node appear twice; refusing it keeps a file from
        # multiplying itself into millions of entries.
        if id(node) in self.seen_nodes:
            self.err(node, "YAML aliases ('*name') are not allowed in a feelings vocabulary")
            return False
        self.seen_nodes.add(id(node))
        return True

    def mapping(
        self, node: Node | None, what: str, allowed: frozenset[str]
    ) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.err(node, f"{what} should be a set of 'key: value' pairs")
            return None
        if not self.visit(node):
            return None
        result: dict[str, Node] = {}
        for key_node, value in node.value:
            key = _scalar(key_node)
            if key is None:
                self.err(key_node, f"{what} has a key that is not a plain word")
            elif key in result:
                self.err(key_node, f"key '{key}' appears twice in {what}")
            else:
                if key not in allowed:
                    self.err(
                        key_node,
                        f"unknown key '{key}' in {what}; known keys: {', '.join(sorted(allowed))}",
                    )
                result[key] = value
        return result

    def sequence(self, node: Node | None, key: str, parent: Node | None) -> list[Node]:
        if node is None:
            self.err(parent, f"{VOCABULARY_FILE} needs a '{key}:' list")
            return []
        if not isinstance(node, SequenceNode) or not self.visit(node):
            self.err(node, f"'{key}' should be a list (lines starting with '- ')")
            return []
        return list(node.value)

    def text(
        self, m: dict[str, Node], key: str, what: str, where: Node, *, required: bool = True
    ) -> str | None:
        node = m.get(key)
        value = _scalar(node) if node is not None else None
        if node is not None and value is None:
            self.err(node, f"'{key}' of {what} should be text")
            return None
        if value is None or not value.strip():
            if required:
                self.err(node or where, f"{what} needs '{key}:'")
            return None
        return value.strip()

    def flag(self, m: dict[str, Node], key: str, what: str) -> bool:
        node = m.get(key)
        if node is None:
            return False
        value = _scalar(node)
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
            self.err(node, f"'{key}' of {what} should be true or false; found {value!r}")
            return False
        return str(value).lower() in {"true", "yes", "on"}

    def text_list(self, node: Node | None, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        if not isinstance(node, SequenceNode):
            self.err(node, f"{what} should be a list, like [word, other word]")
            return ()
        values = []
        for item in node.value:
            value = _scalar(item)
            if value is None or not value.strip():
                self.err(item, f"each entry of {what} should be a word")
            else:
                values.append(value.strip())
        return tuple(values)


def _scalar(node: Node | None) -> str | None:
    if isinstance(node, ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        return str(node.value)
    return None


def _line(node: Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1
