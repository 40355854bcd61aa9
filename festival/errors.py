"""The typed failures of the library; the CLI turns each into one-line messages and an exit code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the file allows."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}: {where}{self.message}"


class FestivalError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = 1

    def lines(self) -> list[str]:
        """The message, one line per problem."""
        return [str(self)]


class InputError(FestivalError, ValueError):
    """An input file is unreadable or breaks the format. Fix every listed line and run again."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in the input")

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class InfeasibleError(FestivalError):
    """No schedule can satisfy every rule. Each reason says, in words, which requirement to relax."""

    exit_code = 3

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("no schedule satisfies every rule")

    def lines(self) -> list[str]:
        return ["no schedule satisfies every rule:", *(f"  - {r}" for r in self.reasons)]


class NoSolutionError(FestivalError):
    """The solver found no schedule within the time limit. Give it more time (--time-limit)."""

    exit_code = 4


class RefusedError(FestivalError):
    """A re-plan would change more of the published programme than the threshold allows.
    Review the change report and run again with --force to publish it anyway."""

    exit_code = 5


class OutputError(FestivalError):
    """An output folder is missing, is not a festival output folder, or is corrupt."""

    exit_code = 1


class InternalError(FestivalError):
    """A schedule the solver produced failed independent verification: a bug, never written out."""

    exit_code = 70
