"""Password hashing: Argon2id with the parameters of the OWASP Password Storage Cheat Sheet.

OWASP lists equally strong Argon2id settings that trade memory for passes; we use its first one,
m = 19 MiB, t = 2, p = 1, rather than m = 46 MiB, t = 1: a small server answers several logins at
once, and each login holds ``memory_cost`` for the duration of the hash, so the lower memory per
hash keeps concurrent logins inside a 2-core, few-GiB machine. ``p = 1`` because a web worker
should not spread one login over several cores that other requests need. Django's own
``Argon2PasswordHasher`` defaults (100 MiB, p = 8) are heavier than the guidance asks for.

Stored hashes with other parameters (or PBKDF2, the former default) are re-hashed with these on
the next successful login: Django does that for every hasher after the first in PASSWORD_HASHERS,
and ``must_update`` compares the parameters for Argon2 hashes.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    # Same algorithm name as Django's hasher ("argon2"): the stored format is unchanged, so
    # either class verifies the other's hashes.
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
