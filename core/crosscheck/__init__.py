"""Cross-checks: our stored values against a public price list's, each at its own date.

Pure: a list (already parsed, see core/public_lists) and our history (already read) go
in, findings come out. Nothing here writes anything: a cross-check never corrects a
scraped value, it only says where two sources disagree and what may explain it.

Matching is explicit: a list entry names targets (an offering by Fireworks slug, tier
and region, or a pricing-page row by its label's slug) and matches the offerings of ours
that have exactly that target; an entry matching none is "not in our data".

The modules: lists (what a list says), ours (our history, and our version on a day),
findings (what a comparison yields), matching (which offerings an entry names), compare,
hints (what can be told about a disagreement), corroborate (which other lists agree) and
display (values and dates for people).
"""

from core.crosscheck.compare import COMPARED_FIELDS, compare_entry, compare_list, field_kind
from core.crosscheck.corroborate import corroborate
from core.crosscheck.display import LIMITS, describe_ours, describe_theirs, show
from core.crosscheck.findings import DIFFERS, LISTED, REMOVED, SAME, Finding, ListReport
from core.crosscheck.hints import value_hints
from core.crosscheck.lists import ListEntry, PublicList, Quote, Target
from core.crosscheck.matching import index_ours, row_slug
from core.crosscheck.ours import AFTER, BEFORE, COVERED, NOT_LISTED, OurOffering, OurVersion, as_of

__all__ = [
    "AFTER", "BEFORE", "COMPARED_FIELDS", "COVERED", "DIFFERS", "LIMITS", "LISTED", "NOT_LISTED", "REMOVED", "SAME",
    "Finding", "ListEntry", "ListReport", "OurOffering", "OurVersion", "PublicList", "Quote", "Target",
    "as_of", "compare_entry", "compare_list", "corroborate", "describe_ours", "describe_theirs", "field_kind",
    "index_ours", "row_slug", "show", "value_hints",
]
