"""The one registry that turns an action code into a Vietnamese sentence.

Each app registers its own codes in ``<app>/audit_actions.py`` (discovered when audit is ready), e.g.::

    register("plans.plan.approved", gettext_lazy("{actor} đã phê duyệt kế hoạch của {person}"))

A sentence may use {actor}, {person}, {object}, {unit}, {before}, {after}, {changes} and {reason}; ``before`` and
``after`` are a text or a dict shown as "label: value; …", and {changes} reads them together as "label: old → new; …"
(or "old → new" for one value, the new value alone when there is no before). An unknown code still renders: the code
itself, after who did it.
"""

import re
from string import Formatter

from django.apps import apps
from django.utils.translation import gettext as _

_SENTENCES = {}


def register(code, sentence):
    if code in _SENTENCES and _SENTENCES[code] is not sentence:
        raise ValueError(f"audit action {code!r} registered twice")
    _SENTENCES[code] = sentence


def register_many(sentences):
    for code, sentence in sentences.items():
        register(code, sentence)


def is_registered(code):
    return code in _SENTENCES


def action_choices():
    """The action filter's choices, grouped by app: ``[(app label, [(prefix, "Mọi việc"), (code, label) …]) …]``.

    The prefix (``plans``) means every action of the app; apps in ``INSTALLED_APPS`` order, codes in the order the
    app registered them.
    """
    by_app = {}
    for code, sentence in _SENTENCES.items():
        by_app.setdefault(code.split(".", 1)[0], []).append((code, label(sentence)))
    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return [
        (_app_label(prefix), [(prefix, _("Mọi việc")), *by_app[prefix]])
        for prefix in sorted(by_app, key=lambda prefix: (order.get(prefix, len(order)), prefix))
    ]


def _app_label(prefix):
    try:
        return str(apps.get_app_config(prefix).verbose_name)
    except LookupError:
        return prefix


_TRAILING_DETAILS = re.compile(r"\s*[:(]\s*….*$")


def label(sentence):
    """The sentence as a short label for a list of actions: without its leading "{actor} ", each other placeholder
    as "…", and without trailing details (": {changes}"): "đã duyệt kế hoạch của …"."""
    parts = []
    for index, (text, field, *_rest) in enumerate(Formatter().parse(str(sentence))):
        parts.append(text)
        if field is not None and not (index == 0 and field == "actor" and not text):
            parts.append("…")
    plain = " ".join("".join(parts).split())
    return _TRAILING_DETAILS.sub("", plain) or plain


def _text(value):
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    return str(value)


def _value(value):
    """One side of a change: an empty value reads as "(trống)", a yes/no as "có"/"không"."""
    if value is None or value == "":
        return _("(trống)")
    if isinstance(value, bool):
        return _("có") if value else _("không")
    return _text(value)


def _changes(before, after):
    """``before`` and ``after`` together: "label: old → new; …", "old → new", or the new value when nothing was
    before."""
    if before is None or before == {}:
        return _text(after)
    if isinstance(before, dict) and isinstance(after, dict | None):
        after = after or {}
        labels = [*after, *(key for key in before if key not in after)]
        return "; ".join(
            f"{key}: {_value(before[key])} → {_value(after.get(key))}"
            if key in before
            else f"{key}: {_text(after[key])}"
            for key in labels
        )
    return f"{_value(before)} → {_value(after)}"


class _Blanks(dict):
    def __missing__(self, key):
        return ""


def describe(entry):
    """The entry as one Vietnamese sentence."""
    actor = entry.actor.display_name if entry.actor_id else _("Hệ thống")
    values = _Blanks(
        actor=actor,
        person=entry.person.full_name if entry.person_id else "",
        object=entry.object_text,
        unit=entry.unit.name if entry.unit_id else "",
        before=_text(entry.before),
        after=_text(entry.after),
        changes=_changes(entry.before, entry.after),
        reason=entry.reason,
    )
    sentence = _SENTENCES.get(entry.action)
    if sentence is None:
        return f"{actor}: {entry.action} {entry.object_text}".strip()
    return " ".join(Formatter().vformat(str(sentence), (), values).split())
