"""A debate asked as a question, read as the motion it asks about.

Debates often open with a question ("Should our district move to a four-day week?").
The stance model learnt what replies do to motions stated as claims ("We should ...");
toward a question it mostly answers `neutral`, as Reddit's annotators did for answers.
On held-out motions recast as questions (`docs/stance.md`) support-vs-attack F1 fell
0.03-0.09 (ArgKP 0.772 -> 0.687); read as the motion again, the loss is nearly gone.

Only "Should / Shall / Must ...?" and "Do you think (that) ...?" are read this way (after
a forum tag such as "CMV:" or "[Serious]"): they put something one can be for or
against. "Do you have ...?" or "Can anyone recommend ...?" ask for information, and
their answers are neutral (recasting every yes/no question cost Coarse Discourse 0.013
three-way F1 on its test topics); "Should I buy X or Y?" offers a choice.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["asks_motion", "as_motion"]

# A forum's tag before the question: "[Serious]", "CMV:", "Debate -", "Ask HN:"
_TAG = (r"(?:\[[^\]\n]{1,20}\]\s*|(?:CMV|Debate|Question|Poll|Discussion|Ask HN|Ask Reddit"
        r"|AskReddit)\s*[:\-]\s*)*")
_ASKS = re.compile(_TAG + r"(should|shall|must)\s+([^?.!]{3,300})\?", re.I)
# "Do you think (that) the voting age should be 16?": the clause is the motion as it is
_THINK = re.compile(_TAG + r"(?:do|does)\s+(?:you|anyone|everyone|people)\s+(?:else\s+)?"
                    r"(?:really\s+)?(?:think|believe|agree)\s+(?:that\s+)?([^?.!]{8,300})\?",
                    re.I)
# "Should I buy X or Y?" offers a choice, not a motion; "..., or not?" is still one
_CHOICE = re.compile(r"\bor\b(?!\s+not\s*$)", re.I)


def _asked(text: str) -> re.Match | None:
    m = _ASKS.match(text or "") or _THINK.match(text or "")
    return m if m and not _CHOICE.search(m.group(m.lastindex)) else None


def asks_motion(text: str) -> bool:
    """Whether `text` opens with a "Should ...?" or "Do you think ...?" question
    (cheap: no parse)."""
    return _asked(text) is not None


def as_motion(text: str, nlp: Any) -> str | None:
    """`text` with its opening "Should X do Y?" made the claim "X should do Y.", the
    rest unchanged; None when it does not open so, or the parse finds no subject
    followed by a verb (then the question is read as it is).

    The subject is what stands between the modal and the first verb in its base
    form, which spaCy's small English tagger finds reliably in these questions.
    """
    m = _asked(text)
    if m is None:
        return None
    end = m.end() - 1  # the question mark
    if m.re is _THINK:
        clause = re.sub(r",?\s+or not$", "", m.group(1).strip())
        return f"{clause[:1].upper()}{clause[1:]}.{text[end + 1:]}"
    doc = nlp(text[m.start(1): end + 1])
    if len(doc) < 4:
        return None
    verb = next((t.i for t in doc[2:] if t.pos_ in ("VERB", "AUX")
                 and t.tag_ in ("VB", "VBP", "VBD")), None)
    if verb is None or verb >= len(doc) - 1:
        return None
    subject = doc[1:verb]
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in subject):
        return None
    words = subject.text
    if subject[0].pos_ != "PROPN" and not subject[0].text.isupper():
        words = words[:1].upper() + words[1:]
    rest = re.sub(r",?\s+or not$", "", doc[verb:len(doc) - 1].text)
    return f"{words} {doc[0].lower_} {rest}.{text[end + 1:]}"
