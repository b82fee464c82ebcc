"""Errors raised by the similarity engine."""

from __future__ import annotations


class SimilarityInputError(ValueError):
    """Input the engine cannot accept: bad JSON, a missing field, a duplicate id...

    The message is one line, written for the person who supplied the input.
    """
