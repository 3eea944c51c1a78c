"""The feelings vocabulary (course/feelings.py): the shipped file, a course's own
feelings.yaml with FILE:LINE errors, and finding feeling words in running text."""

from __future__ import annotations

from coursekit import write_course

from course import course_cache
from course.feelings import (
    Intensity,
    Tone,
    VagueWord,
    parse_vocabulary,
    shipped_vocabulary,
)
from course.loader import load_course
from course.model import Severity

SMALL = """\
format: 1
families:
  - {id: hurt, title: Hurt, tone: unpleasant}
  - {id: calm, title: Calm, tone: pleasant}
words:
  - {word: hurt, family: hurt, intensity: moderate, means: "Pain from what someone did."}
  - {word: let down, family: hurt, intensity: moderate, means: "Not given what you counted on."}
  - {word: calm, family: calm, intensity: mild, means: "Settled.", common: true}
vague:
  - {word: upset, often_means: [hurt, let down]}
"""


def errors(text: str) -> list[str]:
    vocabulary, findings = parse_vocabulary(text, "feelings.yaml")
    messages = [f.format() for f in findings if f.severity is Severity.ERROR]
    assert (vocabulary is None) == bool(messages)
    return messages


# -- the shipped vocabulary ------------------------------------------------------------


def test_the_shipped_vocabulary_loads_without_a_single_finding():
    text = shipped_vocabulary_text()
    vocabulary, findings = parse_vocabulary(text, "resources/feelings.yaml")
    assert findings == []
    assert vocabulary == shipped_vocabulary()


def shipped_vocabulary_text() -> str:
    from course.feelings import SHIPPED_VOCABULARY

    return SHIPPED_VOCABULARY.read_text(encoding="utf-8")


def test_the_shipped_vocabulary_is_rich_enough_to_practise_with():
    vocabulary = shipped_vocabulary()
    assert len(vocabulary.feelings) >= 120
    family_ids = {f.id for f in vocabulary.families}
    for needed in ("hurt", "afraid", "ashamed", "angry", "sad", "lonely", "calm", "close"):
        assert needed in family_ids
    for needed in ("hopeful", "grateful"):
        assert needed in family_ids
    assert {f.tone for f in vocabulary.families} == set(Tone)
    for family in vocabulary.families:
        words = vocabulary.in_family(family.id)
        assert len(words) >= 8, family.id
        assert {w.intensity for w in words} >= {Intensity.MODERATE, Intensity.STRONG} or {
            w.intensity for w in words
        } >= {Intensity.MILD, Intensity.MODERATE}, family.id
    for feeling in vocabulary.feelings:
        assert "\n" not in feeling.means and len(feeling.means) <= 90, feeling.word
        assert feeling.means.endswith("."), feeling.word


def test_the_vague_words_point_to_more_precise_ones():
    vague = {v.word: v for v in shipped_vocabulary().vague}
    for word in ("bad", "upset", "fine", "stressed", "weird"):
        assert len(vague[word].often_means) >= 3, word


# -- a course's own feelings.yaml: FILE:LINE errors ------------------------------------


def test_a_small_vocabulary_reads():
    vocabulary, findings = parse_vocabulary(SMALL)
    assert findings == []
    assert vocabulary is not None
    assert [f.word for f in vocabulary.in_family("hurt")] == ["hurt", "let down"]
    assert vocabulary.vague == (VagueWord("upset", ("hurt", "let down")),)


def test_a_duplicate_word_names_both_lines():
    text = SMALL.replace(
        "vague:", '  - {word: Hurt, family: hurt, intensity: strong, means: "Again."}\nvague:'
    )
    assert errors(text) == [
        "feelings.yaml:9: error: word 'Hurt' is already listed on line 6; "
        "each feeling word appears once"
    ]


def test_an_unknown_family_is_an_error_on_its_line():
    text = SMALL.replace("family: calm,", "family: peaceful,")
    assert errors(text) == [
        "feelings.yaml:8: error: word 'calm' names family 'peaceful', which is not in "
        "'families' (known: calm, hurt)"
    ]


def test_a_bad_intensity_is_an_error_on_its_line():
    text = SMALL.replace("intensity: mild", "intensity: 3")
    assert errors(text) == [
        "feelings.yaml:8: error: intensity '3' of word 'calm' should be mild, moderate or strong"
    ]


def test_other_mistakes_are_named_where_they_are():
    assert errors(SMALL.replace("tone: pleasant", "tone: nice")) == [
        "feelings.yaml:4: error: tone 'nice' of family 'calm' should be pleasant or unpleasant"
    ]
    assert errors(SMALL.replace('means: "Settled."', "meaning: x")) == [
        "feelings.yaml:8: error: unknown key 'meaning' in a word; "
        "known keys: common, family, forms, intensity, means, word",
        "feelings.yaml:8: error: word 'calm' needs 'means:'",
    ]
    assert errors(SMALL.replace("[hurt, let down]", "[hurt, sulky]")) == [
        "feelings.yaml:10: error: 'often_means' of vague word 'upset' names 'sulky', not in 'words'"
    ]
    assert errors(SMALL.replace("word: upset", "word: calm")) == [
        "feelings.yaml:10: error: 'calm' is listed both as a feeling and as a vague word"
    ]
    assert errors(SMALL.replace("format: 1", "format: 2")) == [
        "feelings.yaml:1: error: unknown format '2'; this version of Bridgework reads 1"
    ]
    assert errors("families: [\n") and errors("- just\n- a list\n")


def test_aliases_are_refused_rather_than_multiplied():
    text = SMALL.replace(
        "  - {word: hurt, family: hurt,", "  - &w {word: hurt, family: hurt,"
    ).replace("vague:", "  - *w\nvague:")
    assert any("aliases" in e for e in errors(text))


def test_a_course_may_bring_its_own_vocabulary(tmp_path):
    root = write_course(tmp_path / "course", {"feelings.yaml": SMALL})
    result = load_course(root)
    assert result.ok, [f.format() for f in result.findings]
    assert result.course is not None and result.course.feelings is not None
    assert result.course.feelings.feeling("let down") is not None
    # The course cache keeps it.
    course_cache.write(tmp_path / "cache", root, result)
    assert course_cache.read(tmp_path / "cache", root) == result


def test_a_broken_course_vocabulary_is_a_course_error_with_its_line(tmp_path):
    write_course(tmp_path, {"feelings.yaml": SMALL.replace("intensity: mild", "intensity: lots")})
    result = load_course(tmp_path)
    assert [f.format() for f in result.errors] == [
        "feelings.yaml:8: error: intensity 'lots' of word 'calm' should be mild, moderate or strong"
    ]


def test_a_course_without_a_vocabulary_uses_the_shipped_one(tmp_path):
    write_course(tmp_path)
    result = load_course(tmp_path)
    assert result.ok and result.course is not None and result.course.feelings is None


# -- finding feelings in running text ---------------------------------------------------


def scan(text: str) -> list[tuple[str, str]]:
    return [
        (m.text, m.feeling.word if m.feeling else f"vague:{m.vague.word}" if m.vague else "")
        for m in shipped_vocabulary().scan(text)
    ]


def test_scan_finds_words_phrases_and_other_forms():
    assert scan("She may feel betrayed, let down, and full of shame.") == [
        ("betrayed", "betrayed"),
        ("let down", "let down"),
        ("shame", "ashamed"),
    ]
    assert scan("Self-conscious, ANXIOUS and afraid’s not a word") == [
        ("Self-conscious", "self-conscious"),
        ("ANXIOUS", "anxious"),
    ]


def test_everyday_words_count_only_after_a_feeling_cue_in_the_same_sentence():
    assert scan("Close the door and sit down.") == []
    assert scan("I felt so close to her. Down the road we went.") == [("close", "close")]
    assert scan("It was a bad idea") == [("bad", "vague:bad")]
    assert scan("Bad weather today; upset stomach") == [("upset", "vague:upset")]


def test_scan_is_linear_enough_for_a_very_long_answer():
    text = "I felt hurt and lonely, then calm. " * 20_000
    mentions = shipped_vocabulary().scan(text)
    assert len(mentions) == 60_000


def test_search_puts_words_that_start_with_the_query_first():
    words = [f.word for f in shipped_vocabulary().search("ash")]
    assert words[0] == "ashamed"
    assert [f.word for f in shipped_vocabulary().search("")] == [
        f.word for f in shipped_vocabulary().feelings
    ]
    assert "trusting" in [f.word for f in shipped_vocabulary().search("rely")]


def test_a_list_of_feelings_carries_its_cue():
    assert scan("She may feel hurt, afraid and alone.") == [
        ("hurt", "hurt"),
        ("afraid", "afraid"),
        ("alone", "alone"),
    ]
    assert scan("I feel hurt. Alone in the house, I read.") == [("hurt", "hurt")]
