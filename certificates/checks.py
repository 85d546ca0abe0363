"""System check: the certificate fonts come from the npm package @fontsource/tinos (``npm ci``)."""

from django.core.checks import Warning, register


@register()
def certificate_fonts(app_configs, **kwargs):
    from core.pdf import missing_fonts

    missing = missing_fonts()
    if not missing:
        return []
    return [
        Warning(
            f"Certificate fonts are missing ({missing[0]}); PDF certificates cannot be printed.",
            hint="Run `npm ci` (or `make install`) to install @fontsource/tinos into node_modules.",
            id="certificates.W001",
        )
    ]
