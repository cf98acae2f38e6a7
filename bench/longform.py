"""Long-form threads pasted as plain text: comments split right, fragments, parents.

The development set (`argmap.read.devset`) is Reddit, Twitter and debate pages, where
most comments are one paragraph. Forums that argue at length (LessWrong, blog and
newsletter comment sections, mailing lists, philosophy and hobby forums, long Hacker
News threads) write several paragraphs per comment and mark only some replies. No
such thread is in ../shared/data, so helper sessions wrote 32 for argmap, eight in
each of four styles, each with the reading a person gives it
(`bench/longform/STYLE/NAME.expect.json`). They are written, not real: a check of
how the reader carries over, never a set to fit on (docs/reading.md says why).

    python -m bench.longform             # each style: the shipped reader, the chat model alone

Scores as `python -m argmap.read.eval` gives them (docs/reading.md), with the same
baselines: every paragraph a comment, and each comment answering the one before.
"The chat model alone" is the reading without the long-form switch (`mode="learned"`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def score(threads: list, embedder, mode: str = "auto"):
    """One `argmap.read.eval.Score` over `threads` ([(name, Flat)]) read in `mode`."""
    from argmap.read import eval as reader_eval

    s = reader_eval.Score()
    for _name, flat in threads:
        s.add(reader_eval._read_flat(flat, embedder, mode))
    return s


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    from argmap.read import devset
    from argmap.read import eval as reader_eval

    embedder = reader_eval.build_embedder()
    results = {}
    for folder in sorted(p for p in devset.LONG_FORM.iterdir() if p.is_dir()):
        threads = devset.hand_written(folder)
        results[folder.name] = score(threads, embedder)
        results[folder.name + ", chat model alone"] = score(threads, embedder, "learned")
    print(reader_eval.table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
