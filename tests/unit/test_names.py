"""Splitting a lone full name: a surname particle is never taken for a first name."""

from __future__ import annotations

import pytest

from kiosk.core.model import complete_names
from kiosk.core.names import is_particle_only, split_full_name


@pytest.mark.parametrize("full, first, last", [
    ("Siân Jones", "Siân", "Jones"),
    ("María de la Cruz", "María", "de la Cruz"),
    ("de la Cruz", "", "de la Cruz"),
    ("van der Berg", "", "van der Berg"),
    ("Ní Bhriain", "", "Ní Bhriain"),
    ("O'Brien", "O'Brien", ""),          # one word, a surname or a given name: kept as it is
    ("MacDonald Fiona", "MacDonald", "Fiona"),
    ("Cher", "Cher", ""),
])
def test_split_full_name(full, first, last):
    assert split_full_name(full) == (first, last)


def test_an_import_or_walk_in_with_only_a_full_name_keeps_the_particle_in_the_surname():
    values = {"full_name": "de la Cruz"}
    complete_names(values)
    assert values == {"full_name": "de la Cruz", "first_name": "", "last_name": "de la Cruz"}


def test_particles_are_whole_words():
    assert is_particle_only("de la") and is_particle_only("Ó")
    assert not is_particle_only("Delia") and not is_particle_only("") and not is_particle_only("de Cruz")
