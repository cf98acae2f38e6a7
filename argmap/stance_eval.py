"""`python -m argmap.stance_eval`: the held-out stance table, by the name issue 13 gives it.

The evaluation lives in `argmap.stance.eval` (with training, in the stance package);
this name runs the same `main`, so the command in the issue works as written.
"""

from __future__ import annotations

import sys

from argmap.stance.eval import main

if __name__ == "__main__":
    sys.exit(main())
