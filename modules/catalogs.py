"""Which national catalogs (danh mục mô đun) serve a person, by the year's regime, their level and their audience:
read by the plan rules, the plan editor, the catalog import and the catalog page.

No models and no queries here: plain values keyed by ``years.rulesets.Ruleset`` and ``CatalogLevel`` values.
"""

from accounts.models import Audience
from years.rulesets import Ruleset

# TT 26/2012 years: the catalogs a staff member of each level may choose content-3 modules from, teachers and
# managers alike (a managers-only module is kept from teachers by the plan rules). GDTX centres teach the THPT
# programme and the catalog has no GDTX modules yet (UNCONFIRMED: check against TT 33/2011 when at hand).
_TT26 = {
    "MN": frozenset({"MN"}),
    "TH": frozenset({"TH", "GDPT2018_MD"}),
    "THCS": frozenset({"THCS", "GDPT2018_MD"}),
    "THPT": frozenset({"THPT", "GDPT2018_MD"}),
    "GDTX": frozenset({"GDTX", "THPT", "GDPT2018_MD"}),
}

# TT 19/2019 years (regulations §7.2): one programme per audience. Teachers of TH/THCS/THPT/GDTX take the GVPT
# modules (TT 17/2019) and the GDPT 2018 (ETEP) modules; MN teachers the GVMN ones (TT 12/2019); managers the
# CBQL MN (TT 11/2019) or CBQL GDPT (TT 18/2019) ones.
_TT19_TEACHERS = {
    "MN": frozenset({"GVMN"}),
    "TH": frozenset({"GVPT", "GDPT2018_MD"}),
    "THCS": frozenset({"GVPT", "GDPT2018_MD"}),
    "THPT": frozenset({"GVPT", "GDPT2018_MD"}),
    "GDTX": frozenset({"GVPT", "GDPT2018_MD"}),
}
_TT19_MANAGERS = {
    "MN": frozenset({"CBQL_MN"}),
    "TH": frozenset({"CBQL_GDPT"}),
    "THCS": frozenset({"CBQL_GDPT"}),
    "THPT": frozenset({"CBQL_GDPT"}),
    "GDTX": frozenset({"CBQL_GDPT"}),
}

_CATALOGS = {
    (Ruleset.TT26_2012, Audience.TEACHER): _TT26,
    (Ruleset.TT26_2012, Audience.MANAGER): _TT26,
    (Ruleset.TT19_2019, Audience.TEACHER): _TT19_TEACHERS,
    (Ruleset.TT19_2019, Audience.MANAGER): _TT19_MANAGERS,
}

# Kept for callers not yet moved to catalogs_for (demo/plans.py): the TT 26/2012 mapping, as it always was.
CATALOGS_FOR_LEVEL = {level: set(catalogs) for level, catalogs in _TT26.items()}


def catalogs_for(ruleset, level, audience):
    """The catalog levels (CatalogLevel values) a person of ``level`` and ``audience`` ("GV"/"CBQL") may choose
    content-3 modules from in a year run under ``ruleset`` (a Ruleset value). Unknown level: its own catalog."""
    by_level = _CATALOGS[(Ruleset(ruleset), Audience(audience))]
    return by_level.get(level, frozenset({level}))


def rulesets_of_catalog(catalog_level):
    """The regimes whose plans may use modules of this catalog level (GDPT 2018 modules serve both)."""
    return frozenset(
        ruleset
        for (ruleset, _audience), by_level in _CATALOGS.items()
        if any(catalog_level in catalogs for catalogs in by_level.values())
    )


def audiences_of_catalog(catalog_level):
    """The audiences a catalog level serves: both for the TT 26/2012 catalogs (and unknown levels), only teachers or
    only managers for the 2019 programme catalogs (GVPT, GVMN → GV; CBQL MN, CBQL GDPT → CBQL)."""
    if any(catalog_level in catalogs for catalogs in _TT26.values()):
        return frozenset({Audience.TEACHER, Audience.MANAGER})
    served = frozenset(
        audience
        for (_ruleset, audience), by_level in _CATALOGS.items()
        if any(catalog_level in catalogs for catalogs in by_level.values())
    )
    return served or frozenset({Audience.TEACHER, Audience.MANAGER})


# GDPT 2018 (ETEP) modules and the GVPT module each overlaps in subject: in a TT 19/2019 year the same training is
# not counted twice without the Sở's decision (TrainingYear.overlap_decision). UNCONFIRMED (regulations §7.2: the
# overlap of ETEP mô đun 1–9 with GVPT 04/05/06/07/15 is read from the titles, not from a text of the Bộ; GVPT06 has
# no ETEP pair here until one is confirmed).
ETEP_OVERLAPS = {
    "MĐ4": "GVPT04",
    "MĐ2": "GVPT05",
    "MĐ5": "GVPT07",
    "MĐ9": "GVPT15",
}


def overlapping_pairs(codes):
    """(ETEP code, GVPT code) pairs both present in ``codes``."""
    present = set(codes)
    return [(etep, gvpt) for etep, gvpt in ETEP_OVERLAPS.items() if etep in present and gvpt in present]
