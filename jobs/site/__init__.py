"""python -m jobs.site --db URL --out DIR: the prices database as a static site (HTML, CSS, inline SVG; no scripts).

The folder it writes:

    index.html                      every canonical model by name, and the provider models no canonical model names
    by-price.html                   every canonical model, cheapest route first
    tiers/<tier>.html               the models with a route in one tier (standard, batch, ..., off-peak)
    models/<model>.html             a canonical model: facts, headline price, provider price ladder, history, changes
    providers/<provider>.html       a provider: health, last run, warnings and unread parts, held values, offerings
    provider-models/<provider>/<model>.html   a provider model no canonical model names, as its provider names it
    style.css

File names are slugs of the ids (jobs/site/slugs.py). ``write_site`` is what the daemon calls after each
applied run, with the run's provider: it rewrites that provider's pages, the pages of the models it routes
and the index pages.
"""

from __future__ import annotations

from jobs.site.build import write_site

__all__ = ["write_site"]
