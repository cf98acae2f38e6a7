"""The label benchmark's own pieces (the benchmark itself needs ArgKP and runs apart)."""

from __future__ import annotations

from bench.labels_argkp import first_clause


def test_first_clause_stops_at_the_first_comma_or_conjunction(models):
    nlp = models.nlp
    assert first_clause(nlp("School uniforms reduce bullying, since all students look "
                            "the same.")) == "School uniforms reduce bullying"
    assert first_clause(nlp("Marriage is outdated because people live longer now.")) \
        == "Marriage is outdated"
    long = first_clause(nlp("one two three four five six seven eight nine ten eleven twelve"))
    assert len(long.split()) == 10
