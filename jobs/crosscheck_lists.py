"""Reading a provider's public price lists from a folder, each file parsed by the format that claims it."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from core.crosscheck import PublicList
from core.errors import ConfigError
from core.public_lists import ListError, ai_pricelog, genai_prices, list_day, litellm, models_dev

FORMATS = (litellm, genai_prices, models_dev, ai_pricelog)


def read_lists(folder: Path, provider: str) -> tuple[list[PublicList], list[str]]:
    """Every list of the provider in ``folder`` (file names that contain its id), parsed; and the
    names of its files that no format claims. A missing folder, no list, a bad list: ConfigError."""
    if not folder.is_dir():
        raise ConfigError(f"no lists folder at {folder} (give --lists DIR or set PRICES_FIXTURES_DIR)")
    lists, skipped = [], []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and provider in p.name):
        module = list_format(path.name)
        if module is None:
            skipped.append(path.name)
        else:
            lists.append(_parse(path, module, folder))
    if not lists:
        raise ConfigError(f"no public list for {provider} in {folder}")
    return lists, skipped


def list_format(name: str) -> ModuleType | None:
    """The format module whose file names ``name`` has (its prefix and suffix), None when no format claims it."""
    return next((m for m in FORMATS if name.startswith(m.PREFIX) and name.endswith(m.SUFFIX)), None)


def _parse(path: Path, module: ModuleType, folder: Path) -> PublicList:
    try:
        body = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read list {path}: {exc}") from None
    try:
        return module.parse(path.name, body, list_day(path.name))
    except ListError as exc:
        raise ConfigError(f"bad public list in {folder}: {exc}") from None
