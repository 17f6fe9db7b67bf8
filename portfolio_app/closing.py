"""``with handle:`` for the profile's handles (repository, quick readers, the facades).

One definition instead of the same ``__enter__``/``__exit__`` pair in every class that holds
the profile's lock or database connection: leaving the block, normally or by an exception,
calls the class's own :meth:`close`, which releases them.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self


class ClosedOnExit:
    """Mixin: ``with x:`` returns ``x`` and calls ``x.close()`` on the way out."""

    def close(self) -> None:
        """Release what the handle holds; every subclass says what that is."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
