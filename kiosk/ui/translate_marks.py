"""Marks an English source string for translation where it is declared, to be translated where it
is shown (`QCoreApplication.translate(context, text)`). Qt's own QT_TRANSLATE_NOOP is typed as
returning `object`; this one keeps the `str`, and Qt's lupdate finds it by the same name."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate looks for)
    return text
