"""The one registry that turns an action code into a Vietnamese sentence.

Each app registers its own codes in ``<app>/audit_actions.py`` (discovered when audit is ready), e.g.::

    register("plans.plan.approved", gettext_lazy("{actor} đã phê duyệt kế hoạch của {person}"))

A sentence may use {actor}, {person}, {object}, {unit}, {before}, {after} and {reason}; ``before`` and ``after``
are a text or a dict shown as "label: value; …". An unknown code still renders: the code itself, after who did it.
"""

from string import Formatter

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
    """(code, sentence with blanks) for the action filter, by code."""
    return [(code, _label(sentence)) for code, sentence in sorted(_SENTENCES.items())]


def _label(sentence):
    """The sentence with its placeholders left out, for a list of actions ("đã phê duyệt kế hoạch của")."""
    return " ".join("".join(text for text, *_rest in Formatter().parse(str(sentence))).split())


def _text(value):
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    return str(value)


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
        reason=entry.reason,
    )
    sentence = _SENTENCES.get(entry.action)
    if sentence is None:
        return f"{actor}: {entry.action} {entry.object_text}".strip()
    return " ".join(Formatter().vformat(str(sentence), (), values).split())
