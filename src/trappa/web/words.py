"""Words shown on pages that come from code, marked here so the translation catalogue holds them.

The pages translate them where they are shown: ``{{ _(role_names[user.role]) }}``.
"""

from __future__ import annotations


def _(text: str) -> str:
    """Marks a word for scripts/translations.py; the page's own gettext translates it."""
    return text


ROLE_WORDS = (_("lesar"), _("redaktør"), _("analytikar"), _("administrator"))
