"""A passphrase kept as a memory-hard hash: scrypt, from the standard library.

Stored as ``scrypt$N$r$p$<salt>$<hash>`` (base64), so that the cost can be raised later
and every stored hash still checks with the parameters it was made with. The passphrase
itself is never stored.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata

SCHEME = "scrypt"
COST = 2**14  # N: memory and time, 16 MiB with r = 8
BLOCK_SIZE = 8  # r
PARALLELISM = 1  # p
SALT_BYTES = 16
HASH_BYTES = 32
# A stored hash edited outside svdesk must not make checking it take the machine's memory.
_MOST_MEMORY = 64 * 1024 * 1024


class DamagedHash(ValueError):
    """A stored hash that svdesk did not write (edited outside it, or cut short)."""


def hash_passphrase(
    passphrase: str,
    *,
    cost: int = COST,
    block_size: int = BLOCK_SIZE,
    parallelism: int = PARALLELISM,
) -> str:
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(passphrase, salt, cost, block_size, parallelism, HASH_BYTES)
    return "$".join(
        [SCHEME, str(cost), str(block_size), str(parallelism), _b64(salt), _b64(digest)]
    )


def passphrase_matches(passphrase: str, stored: str) -> bool:
    """Whether ``passphrase`` is the one ``stored`` was made from (compared in constant
    time). Raises ``DamagedHash`` for a stored value svdesk did not write."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise DamagedHash("not an scrypt hash")
    try:
        cost, block_size, parallelism = (int(part) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error) as exc:
        raise DamagedHash("unreadable parameters") from exc
    if (
        cost < 2
        or cost & (cost - 1)
        or not 1 <= block_size <= 32
        or not 1 <= parallelism <= 16
        or 128 * block_size * (cost + parallelism) > _MOST_MEMORY
        or not salt
        or not 16 <= len(expected) <= 64
    ):
        raise DamagedHash("parameters out of range")
    digest = _scrypt(passphrase, salt, cost, block_size, parallelism, len(expected))
    return hmac.compare_digest(digest, expected)


def _scrypt(
    passphrase: str, salt: bytes, cost: int, block_size: int, parallelism: int, length: int
) -> bytes:
    # The same passphrase typed on another system may arrive composed differently (é as
    # one character or as e and an accent): it is hashed in one form.
    data = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hashlib.scrypt(
        data,
        salt=salt,
        n=cost,
        r=block_size,
        p=parallelism,
        maxmem=_MOST_MEMORY + 1024 * 1024,
        dklen=length,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
