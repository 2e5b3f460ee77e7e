"""The errors a refresh can end with.

    ScrapeError                 anything that stops a provider's run
    ├── FetchError              a source could not be read (network, HTTP status, missing capture)
    │   └── MissingCredentials  a source needs an API key that is not set
    ├── ParseError              a source was read but did not have the expected shape
    └── ValidationError         parsed values are absurd or inconsistent (negative price, duplicates...)
    ConfigError                 a bad argument, URL or setting, before any run starts
    ReplayOrderError            a replayed capture is older than what is already stored

Every message names the provider and, where there is one, the source URL, so a
single line tells an operator what broke.
"""


class ScrapeError(Exception):
    """A provider's run cannot complete."""


class FetchError(ScrapeError):
    """A source could not be read."""


class Unreachable(FetchError):
    """A host that cannot be reached at all (its name does not resolve, every address refuses, TLS fails):
    another attempt would fail the same way, so it is not retried."""


class MissingCredentials(FetchError):
    """A source needs an API key from the environment that is not set."""


class ParseError(ScrapeError):
    """A source did not have the shape its parser expects (a layout change)."""


class ValidationError(ScrapeError):
    """Parsed values are absurd or inconsistent."""


class ConfigError(Exception):
    """A bad command-line argument, URL or setting."""


class ReplayOrderError(ScrapeError):
    """A capture observed before the newest stored observation would rewrite history."""
