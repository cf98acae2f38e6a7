"""English function words, one list for the pipeline's word overlaps and the search index.

Written out here because importing spaCy for its list costs seconds on every CLI
query. Two lists stay apart on purpose: the plain-text reader's (`argmap.read.learn`),
whose fitted weights were learnt with it, and the stance cues' (`argmap.stance.cues`),
which keeps the negations its cues need.
"""

from __future__ import annotations

__all__ = ["STOP_WORDS"]

STOP_WORDS = frozenset("""
a about above after again against all almost also am among an and any are as at be
because been before being below between both but by can could did do does doing done
down during each either else even ever every few for from further had has have having
he her here hers herself him himself his how however i if in into is it its itself just
least less may me might more most much must my myself neither no nor not now of off
often on once only or other others otherwise our ours ourselves out over own per
perhaps rather same several she should since so some such than that the their theirs
them themselves then there therefore these they this those though through thus to too
under until up upon us very via was we well were what whatever when whenever where
whether which while who whoever whom whose why will with within without would yet you
your yours yourself yourselves
""".split())
