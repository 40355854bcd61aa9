"""Publishing: pure functions from a ``Schedule`` to bytes, and one atomic way to write them."""
