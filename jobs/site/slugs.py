"""File names for ids from a source: safe, unique, and the same for the same id on every build.

A provider's model id can hold anything ("/", ":", "@", spaces, "..", markup). An id made only of
lower-case letters, digits, "." and "-" (starting with a letter or digit, at most 80 characters) is its
own slug; any other id is made of those characters and ends with "_" and a digest of the id itself.
A plain slug never holds "_", so the two kinds never meet, and two ids get the same slug only if
their digests (60 bits) collide.
"""

from __future__ import annotations

import hashlib
import re

_PLAIN = re.compile(r"[a-z0-9][a-z0-9.-]{0,79}")
_UNSAFE = re.compile(r"[^a-z0-9.-]+")
_DIGEST_CHARS = 15  # hex digits: 60 bits


def slug(identifier: str) -> str:
    """The file-name stem of an id: ``gpt-oss-120b`` as it is, ``openai/GPT OSS`` as ``openai-gpt-oss_<digest>``."""
    if _PLAIN.fullmatch(identifier) and ".." not in identifier:
        return identifier
    readable = re.sub(r"-{2,}", "-", _UNSAFE.sub("-", identifier.lower()).replace("..", "-"))
    readable = readable.strip(".-")[:60].rstrip(".-")
    digest = hashlib.sha256(identifier.encode("utf-8", "surrogatepass")).hexdigest()[:_DIGEST_CHARS]
    return f"{readable or 'id'}_{digest}"
