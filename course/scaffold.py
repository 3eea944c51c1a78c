"""`bridgework new-course PATH --title "..."`: write a small course to start from.

The scaffold passes `validate --strict` as written and shows, with comments, one
example of every block a lesson can hold: each question type, each reflect prompt
type, the admonition boxes, a region block and a link to another lesson. Nothing is
ever written over: the folder must not exist yet, or be empty. Files are written into
a temporary folder beside PATH and renamed into place, so a failure leaves nothing
half-made.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from course.fileio import fsync_dir

_ID = re.compile(r"[^a-z0-9]+")

COURSE_YAML = """\
# course.yaml: what the course is and which lessons it holds, in order.
# The full reference is docs/course-format.md in Bridgework's source.
format: 1                        # the format this file is written in; always 1 for now
id: {course_id}                  # lowercase letters, digits and '-'; never change it once shared
version: "0.1.0"                 # text in quotes; raise it with each release you share
title: {title_yaml}
summary: One or two sentences shown in the library. Say who the course is for.
language: en                     # the language the course is written in (BCP-47, e.g. en, de)
authors: ["Your name or organisation"]
license: CC-BY-4.0               # an SPDX id or free text
# content_note: shown before the first lesson, with "Continue" and "Not now"
# help_lesson: getting-help      # the id of your lesson on where to find support; without
#                                # one, content notes link Bridgework's own help page
pass_ratio: 0.7                  # the share of a quiz to get right to pass it (0 < r <= 1)
# A feelings.yaml beside this file may replace the app's feelings vocabulary.
modules:                         # at least one, shown in this order
  - id: getting-started          # unique within the course
    title: Getting started
    summary: What the course is, and how to use it.
    lessons:                     # paths relative to this file, in reading order
      - 01-getting-started/01-welcome.md
      - 01-getting-started/02-practice.md
"""

WELCOME = """\
---
# Front matter: between the two '---' lines, in YAML.
id: welcome                      # unique within the course; links and assignments use it
title: Welcome
# minutes: 5                     # optional; left out, the player estimates it
objectives:                      # optional; shown above the text
  - Know what this course offers
  - Know how to go at your own pace
# content_note: shown before this lesson, with "Continue" and "Not now"
---
This is ordinary **Markdown**: paragraphs, *emphasis*, lists, tables and headings.
Write in short paragraphs, warmly and plainly, as you would speak to one person.

<!-- An HTML comment like this one is for authors; the player does not show it. -->

!!! note "A note box"
    Text inside a box is indented by 4 spaces. Less than 4, and it falls out of the box.

!!! tip "A tip"
    Boxes come in five kinds: note, tip, warning, pause and example.

!!! warning "A warning"
    Use a warning for what could hurt, and say what to do instead.

!!! pause "Pause and notice"
    A pause invites the reader to stop: where do you feel this in your body right now?

!!! example "An example"
    A short story or a sentence someone might say.

A region block is shown only to learners in the listed regions (us, ca, uk, ie, au,
nz, eu, other). Each block must make sense on its own, for example by naming its
country:

<!-- region: uk ie -->

- **Samaritans (UK and Ireland):** call **116 123**, free, day or night.

<!-- /region -->

<!-- region: us ca -->

- **988 Suicide and Crisis Lifeline (US and Canada):** call or text **988**.

<!-- /region -->

Links to another lesson use its id: go on to [the practice lesson](lesson:practice).
Pictures live in the course folder and need alt text: `![What it shows](picture.png)`.
"""

PRACTICE = """\
---
id: practice
title: Practice
---
A lesson is read as steps: each run of text, each quiz and each reflect block.

```quiz
# A quiz: graded, with feedback. Every question type is shown once.
id: practice-check               # unique within the course
pass_ratio: 0.5                  # optional; the course's pass_ratio otherwise
questions:
  - id: q1                       # unique within this quiz
    type: single                 # exactly one option is correct
    prompt: "Which sentence is about an action rather than the self?"
    options:
      - text: "I made a mistake."
        correct: true
        feedback: "Yes: this is about something done, which can be repaired."
      - text: "I am a mistake."
        feedback: "This one is about the self; that is how shame speaks."
    explanation: "Optional: shown after any answer."
  - id: q2
    type: multiple               # one or more options are correct
    prompt: "Which of these can help when a feeling is strong?"
    options:
      - text: "Naming the feeling"
        correct: true
        feedback: "Naming a feeling often makes it a little smaller."
      - text: "Slowing your breathing"
        correct: true
        feedback: "A longer out-breath tells the body it is safe."
      - text: "Telling yourself to stop feeling it"
        feedback: "Fighting a feeling tends to make it louder."
  - id: q3
    type: single
    shuffle: false               # keep the options in the order written (steps, a scale)
    prompt: "When a strong feeling arrives, which step comes first?"
    options:
      - text: "Notice it"
        correct: true
        feedback: "Yes: noticing comes before naming and choosing."
      - text: "Name it"
        feedback: "Naming comes just after noticing."
      - text: "Choose what to do"
        feedback: "Choosing comes last, once the feeling is noticed and named."
  - id: q4
    type: true_false             # the answer is true or false
    prompt: "Guilt is about something I did."
    answer: true
    feedback:                    # optional: what to say to each answer
      true: "Yes: guilt points at something done, which can be put right."
      false: "Look again: guilt is about an action; shame is about the self."
    explanation: "Guilt points at an action; shame points at the self."
  - id: q5
    type: order                  # items written in the right order; the player shuffles them
    prompt: "Put the steps of a repair in order."
    items:                       # an item is its text, or text: with feedback: about it
      - "Listen"
      - text: "Reflect back"
        feedback: "Saying back what you heard shows you listened, before anything else."
      - "Acknowledge the impact"
      - "Ask what would help"
    explanation: "Listening comes first; asking what would help comes last."
```

```reflect
# A reflect block: private, never graded, kept on this computer.
id: practice-reflect             # unique within the course
prompts:
  - id: r1
    type: text                   # free text
    prompt: "What would you like to be different by the end of this course?"
  - id: r2
    type: scale                  # a self-rating, tracked over time
    prompt: "How able do you feel today to stay with a difficult feeling?"
    min: 0
    max: 10
    labels: {0: "not at all", 10: "fully"}
  - id: r3
    type: feelings               # pick feeling words (from feelings.yaml), each 1 to 5
    prompt: "What do you feel right now, after this practice?"
    picks: 3                     # optional: at most this many (1 to 10)
  - id: r4
    type: perspective            # imagine another's feelings, then see a model answer
    prompt: "What might your friend be feeling, and needing?"
    scenario: |                  # the situation to imagine (Markdown)
      A friend tells you their dog died last week, and you realise you forgot to ask.
    model_answer: |              # shown only after the learner has written their own
      They may feel sad and lonely, and a little hurt that nobody asked. They may need
      someone to listen without hurrying them.
```

Well done. Run `bridgework validate --strict` on this folder after every change.
"""

FILES = {
    "course.yaml": COURSE_YAML,
    "01-getting-started/01-welcome.md": WELCOME,
    "01-getting-started/02-practice.md": PRACTICE,
}


class ScaffoldError(Exception):
    """The scaffold could not be written; `str(error)` is a plain message."""


def course_id_for(title: str) -> str:
    """A course id from a title: "Bridging the Gap!" -> "bridging-the-gap"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _ID.sub("-", ascii_title.lower()).strip("-")[:60].strip("-")
    return slug or "my-course"


def _yaml_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def scaffold_files(title: str, course_id: str | None = None) -> dict[str, str]:
    """The scaffold's files (course-relative path -> text) for a course called `title`."""
    cid = course_id or course_id_for(title)
    files = dict(FILES)
    files["course.yaml"] = COURSE_YAML.format(course_id=cid, title_yaml=_yaml_text(title))
    return files


def write_scaffold(path: str | os.PathLike[str], title: str) -> Path:
    """Write the scaffold into `path` (new or empty). Raises ScaffoldError, never half-writes."""
    target = Path(path).expanduser()
    if not title.strip() or not title.isprintable():
        raise ScaffoldError('please give the course a title, for example --title "Staying present"')
    try:
        if target.exists():
            if not target.is_dir():
                raise ScaffoldError(f"'{target}' is a file, not a folder; choose a new folder")
            if any(target.iterdir()):
                raise ScaffoldError(
                    f"'{target}' already has files in it, and new-course never writes over "
                    "anything; choose a new or empty folder"
                )
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".new-course-", dir=target.parent))
    except OSError as error:
        raise ScaffoldError(f"'{target}' could not be made ({error.strerror or error})") from None
    try:
        for rel, text in scaffold_files(title.strip()).items():
            file = staging.joinpath(*rel.split("/"))
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text, encoding="utf-8", newline="\n")
        staging.chmod(0o755)  # mkdtemp makes it private to this user
        fsync_dir(staging)
        if target.exists():
            target.rmdir()  # empty, checked above; a file appearing since makes this fail
        os.replace(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise ScaffoldError(
            f"the course could not be written to '{target}' ({error.strerror or error}); "
            "nothing was left behind"
        ) from None
    return target
