"""The audit log filled from the event tables (plan and report transitions, reopenings, confirmations, certificates,
staff history …): by the migration that brought the log in, for what was written before it, and by the demo seed,
which writes those tables in bulk.

The tables are read with plain SQL by table name: they keep their names while their models move between apps, so
this reads the same whatever app holds them, in a migration or not.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

BATCH = 2000
PLAN_TEXT = "s.full_name || ' — ' || y.start_year || '–' || (y.start_year + 1)"
PLAN_JOIN = "JOIN accounts_staff s ON s.id = p.staff_id JOIN plans_trainingyear y ON y.id = p.year_id"
CONFIRMATIONS = {
    "CONFIRM": "assessment.results.confirmed",
    "REOPEN": "assessment.results.reopened",
    "CONFIRM_CBQL": "assessment.managers.confirmed",
    "REOPEN_CBQL": "assessment.managers.reopened",
}


def _entry(action, model, object_id, *, by, at, unit, person=None, text="", reason="", after=None):
    """One past event as the fields of an AuditEntry, plus ``model`` (the object's model name)."""
    return dict(
        action=action,
        actor_id=by,
        at=at,
        unit_id=unit,
        person_id=person,
        model=model,
        object_id=object_id,
        object_text=text,
        reason=reason,
        after=after,
    )


def _plan_transitions():
    sql = f"""SELECT t.action, t.by_id, t.at, p.school_id, p.staff_id, p.id, {PLAN_TEXT}, t.comment
              FROM plans_plantransition t JOIN plans_plan p ON p.id = t.plan_id {PLAN_JOIN}"""

    def entry(action, by, at, school, staff, plan, text, comment):
        return _entry(
            f"plans.plan.{action}", "plan", plan, by=by, at=at, unit=school, person=staff, text=text, reason=comment
        )

    return sql, entry


def _reopenings():
    sql = """SELECT r.granted_by_id, r.granted_at, r.school_id, d.id, d.due_date, r.until, r.reason
             FROM plans_deadlinereopening r JOIN plans_deadline d ON d.id = r.deadline_id"""

    def entry(by, at, school, deadline, due, until, reason):
        return _entry(
            "years.deadline.reopened",
            "deadline",
            deadline,
            by=by,
            at=at,
            unit=school,
            text=_day(due),
            after=_day(until),
            reason=reason,
        )

    return sql, entry


def _confirmations():
    sql = """SELECT e.action, e.by_id, e.at, c.school_id, c.id, e.comment
             FROM assessment_confirmationevent e JOIN assessment_schoolconfirmation c ON c.id = e.confirmation_id"""

    def entry(action, by, at, school, confirmation, comment):
        return _entry(
            CONFIRMATIONS.get(action, f"assessment.results.{action.lower()}"),
            "schoolconfirmation",
            confirmation,
            by=by,
            at=at,
            unit=school,
            reason=comment,
        )

    return sql, entry


def _report_transitions():
    sql = """SELECT t.action, t.by_id, t.at, r.unit_id, r.id, t.comment
             FROM reports_reporttransition t JOIN reports_unitreport r ON r.id = t.report_id"""

    def entry(action, by, at, unit, report, comment):
        return _entry(
            "reports.report." + action.rsplit(".", 1)[-1], "unitreport", report, by=by, at=at, unit=unit, reason=comment
        )

    return sql, entry


def _certificates():
    sql = """SELECT version, issued_by_id, issued_at, school_id, staff_id, id, number FROM certificates_certificate"""

    def entry(version, by, at, school, staff, certificate, number):
        action = "certificates.certificate.issued" if version == 1 else "certificates.certificate.reissued"
        return _entry(action, "certificate", certificate, by=by, at=at, unit=school, person=staff, text=number)

    return sql, entry


def _revocations():
    # Revoked by a corrected certificate: its issuer revoked the old one at the same moment.
    sql = """SELECT n.issued_by_id, c.revoked_at, c.school_id, c.staff_id, c.id, c.number, c.revoke_reason
             FROM certificates_certificate c JOIN certificates_certificate n ON n.id = c.revoked_by_certificate_id"""

    def entry(by, at, school, staff, certificate, number, reason):
        return _entry(
            "certificates.certificate.revoked",
            "certificate",
            certificate,
            by=by,
            at=at,
            unit=school,
            person=staff,
            text=number,
            reason=reason,
        )

    return sql, entry


def _study_logs():
    sql = """SELECT l.confirmed_by_id, l.confirmed_at, p.school_id, p.staff_id, l.id, l.date, l.hours
             FROM plans_studylog l JOIN plans_planitem i ON i.id = l.item_id JOIN plans_plan p ON p.id = i.plan_id
             WHERE l.confirmed_at IS NOT NULL"""

    def entry(by, at, school, staff, log, day, hours):
        return _entry(
            "study.log.confirmed",
            "studylog",
            log,
            by=by,
            at=at,
            unit=school,
            person=staff,
            text=f"{_day(day)} — {_number(hours)} tiết",
        )

    return sql, entry


def _support_transitions():
    sql = """SELECT t.kind, t.action, t.by_id, t.at, d.school_id, d.staff_id, d.id, t.comment
             FROM coreteachers_transition t JOIN coreteachers_designation d ON d.id = t.designation_id"""

    def entry(kind, action, by, at, school, staff, designation, comment):
        return _entry(
            f"coreteachers.{kind.lower()}.{action}",
            "designation",
            designation,
            by=by,
            at=at,
            unit=school,
            person=staff,
            reason=comment,
        )

    return sql, entry


def _review_events():
    sql = """SELECT e.action, e.actor_id, e.at, r.school_id, e.staff_id, r.id, e.detail
             FROM gdpt_reviewevent e JOIN gdpt_schoolreview r ON r.id = e.review_id"""

    def entry(action, by, at, school, staff, review, detail):
        return _entry(
            f"gdpt.review.{action.lower()}",
            "schoolreview",
            review,
            by=by,
            at=at,
            unit=school,
            person=staff,
            reason=detail,
        )

    return sql, entry


def _personal_data_events():
    sql = """SELECT e.to_status, e.by_id, e.at, s.unit_id, s.id, c.id, e.comment
             FROM certificates_personaldataevent e JOIN certificates_personaldatacheck c ON c.id = e.check_record_id
             JOIN accounts_staff s ON s.id = c.staff_id"""

    def entry(status, by, at, unit, staff, check, comment):
        return _entry(
            f"certificates.personal_data.{status.lower()}",
            "personaldatacheck",
            check,
            by=by,
            at=at,
            unit=unit,
            person=staff,
            reason=comment,
        )

    return sql, entry


def _staff_history():
    sql = """SELECT h.id, h.history_type, h.history_user_id, h.history_date, h.unit_id, h.is_active, h.full_name,
                    h.history_change_reason
             FROM accounts_historicalstaff h ORDER BY h.id, h.history_date, h.history_id"""
    active = {}

    def entry(staff, kind, by, at, unit, is_active, name, reason):
        was_active = active.get(staff)
        active[staff] = is_active
        if kind == "+":
            action = "accounts.staff.created"
        elif kind == "-":
            action = "accounts.staff.deleted"
        elif was_active is not None and bool(was_active) != bool(is_active):
            action = "accounts.staff.returned" if is_active else "accounts.staff.left"
        else:
            action = "accounts.staff.changed"
        return _entry(
            action,
            "staff",
            staff,
            by=by,
            at=at,
            unit=unit,
            person=None if kind == "-" else staff,
            text=name,
            reason=reason or "",
        )

    return sql, entry


def _score_changes():
    # One entry per plan, person and moment, as the score grid writes them.
    sql = f"""SELECT c.changed_by_id, c.changed_at, p.school_id, p.staff_id, p.id, {PLAN_TEXT},
                     sc.content, sc.item_id, c.old_knowledge, c.old_application, c.new_knowledge, c.new_application
              FROM assessment_scorechange c JOIN assessment_score sc ON sc.id = c.score_id
              JOIN plans_plan p ON p.id = c.plan_id {PLAN_JOIN}
              ORDER BY c.plan_id, c.changed_at, c.id"""
    return sql


def _number(value):
    return None if value is None else str(Decimal(str(value)).normalize())


def _day(value):
    """A date (SQLite may hand back its ISO text) as dd/mm/yyyy."""
    return datetime.date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")


def _aware(moment):
    """SQLite hands back UTC datetimes without their zone."""
    if isinstance(moment, str):
        moment = datetime.datetime.fromisoformat(moment)
    return moment.replace(tzinfo=datetime.UTC) if moment.tzinfo is None else moment


def _grouped_scores(rows):
    groups = defaultdict(lambda: {"before": {}, "after": {}})
    keys = {}
    for by, at, school, staff, plan, text, content, item, old_k, old_a, new_k, new_a in rows:
        key = (plan, at, by)
        keys[key] = _entry(
            "assessment.scores.entered", "plan", plan, by=by, at=at, unit=school, person=staff, text=text
        )
        slot = f"m{item}" if item else f"nd{content}"
        groups[key]["before"][slot] = [_number(old_k), _number(old_a)]
        groups[key]["after"][slot] = [_number(new_k), _number(new_a)]
    for key, values in keys.items():
        yield dict(values, **groups[key])


SOURCES = (
    _plan_transitions,
    _reopenings,
    _confirmations,
    _report_transitions,
    _certificates,
    _revocations,
    _study_logs,
    _support_transitions,
    _review_events,
    _personal_data_events,
    _staff_history,
)
TABLES = {
    _plan_transitions: "plans_plantransition",
    _reopenings: "plans_deadlinereopening",
    _confirmations: "assessment_confirmationevent",
    _report_transitions: "reports_reporttransition",
    _certificates: "certificates_certificate",
    _revocations: "certificates_certificate",
    _study_logs: "plans_studylog",
    _support_transitions: "coreteachers_transition",
    _review_events: "gdpt_reviewevent",
    _personal_data_events: "certificates_personaldataevent",
    _staff_history: "accounts_historicalstaff",
}


def old_entries(connection):
    """Every past event as a dict of AuditEntry fields plus ``model`` (the object's model name)."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for source in SOURCES:
            if TABLES[source] not in tables:
                continue
            sql, entry = source()
            cursor.execute(sql)
            for row in cursor.fetchall():
                yield entry(*row)
        if "assessment_scorechange" in tables:
            cursor.execute(_score_changes())
            yield from _grouped_scores(cursor.fetchall())


def fill(AuditEntry, ContentType, connection):
    """Write one entry per past event found in the event tables (the models given are the migration's or the
    live ones)."""
    content_types = {}

    def content_type_id(model):
        if model not in content_types:
            content_types[model] = ContentType.objects.filter(model=model).values_list("id", flat=True).first()
        return content_types[model]

    batch = []
    for values in old_entries(connection):
        model = values.pop("model")
        values["object_text"] = str(values.get("object_text") or "")[:255]
        values["at"] = _aware(values["at"])
        batch.append(AuditEntry(content_type_id=content_type_id(model), **values))
        if len(batch) >= BATCH:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)
