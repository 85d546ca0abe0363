"""Which national catalogs (danh mục mô đun) serve each level: read by the plan rules and the catalog page."""

# Catalogs a staff member of each level may choose content-3 modules from. GDTX centres teach the THPT
# programme and the catalog has no GDTX modules yet (UNCONFIRMED: check against TT 33/2011 when at hand).
CATALOGS_FOR_LEVEL = {
    "MN": {"MN"},
    "TH": {"TH", "GDPT2018_MD"},
    "THCS": {"THCS", "GDPT2018_MD"},
    "THPT": {"THPT", "GDPT2018_MD"},
    "GDTX": {"GDTX", "THPT", "GDPT2018_MD"},
}
