"""``festival edit``: the programmer's workspace, where a programmer and the solver work on one plan.

``draft`` holds the plan being changed by hand (steps, undo and redo, checks, locks as pins).
"""
