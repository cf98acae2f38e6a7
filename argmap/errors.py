"""One error type for everything a user can get wrong; the CLI prints it as one line."""


class ArgmapError(Exception):
    """A problem with the user's input or settings, stated as what, where, and the fix."""
