"""argmap: turn online debates into argument maps, offline.

Importing argmap is cheap: models load only when a stage asks for them.
"""

__version__ = "0.1.0"

from argmap.errors import ArgmapError

__all__ = ["ArgmapError", "__version__"]
