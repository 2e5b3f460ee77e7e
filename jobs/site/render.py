"""The Jinja2 environment of the site's pages: templates in jobs/site/templates, autoescaping on for every one.

Templates get plain strings and never mark one safe, so every value (a model's name, a provider's warning)
is escaped where it lands: element text, attributes, SVG <title>s.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined

from jobs.site import links


@cache
def environment() -> Environment:
    """The shared environment: autoescape everything, fail on a missing value instead of printing nothing."""
    return Environment(loader=PackageLoader("jobs.site", "templates"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def page(template: str, path: str, context: dict, generated: str) -> str:
    """One page's HTML: the template with the page's context, its way back to the root, and the build time."""
    root = links.root_of(path)
    return environment().get_template(template).render(
        **context, root=root, generated=generated, index_href=root + links.INDEX,
        by_price_href=root + links.BY_PRICE, style_href=root + links.STYLE)


def stylesheet() -> str:
    """The site's one stylesheet."""
    return resources.files("jobs.site").joinpath("templates", "style.css").read_text(encoding="utf-8")
