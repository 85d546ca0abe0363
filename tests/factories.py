"""Factories for every app's tests."""

import factory

from accounts.models import Level, OrgUnit, Position, Role, Staff, User

PASSWORD = "Bdtx-test-2026!"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = OrgUnit.Kind.SCHOOL
    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Trường Tiểu học số {n}")
    levels = "TH"


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    code = factory.Sequence(lambda n: f"GV{n:06d}")
    full_name = factory.Faker("name", locale="vi_VN")
    unit = factory.SubFactory(OrgUnitFactory)
    position = Position.TEACHER
    level = Level.TH
    subject_group = "Tổ 1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.TEACHER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


def make_tt19_year(department, *, start_year=2026, is_current=False):
    """A year under TT 19/2019 with its regime's 40 + 40 + 40 tiết (what year_create gives a year from 2020 on)."""
    from years.models import TrainingYear

    return TrainingYear.objects.create(
        department=department,
        start_year=start_year,
        is_current=is_current,
        ruleset="TT19_2019",
        quota_content1=40,
        quota_content2=40,
        quota_content3=40,
    )


GAP_REASON = "Hết hạn đánh giá: xác nhận kết quả hiện có"  # the reason a confirmation with gaps records


def make_gvpt_modules(numbers, *, code="GVPT{n:02d}", title="Mô đun GVPT {n}"):
    """20-tiết GVPT modules (Thông tư 17/2019), made here: the catalog migration's rows may have been flushed."""
    from modules.models import Module

    return [
        Module.objects.update_or_create(
            code=code.format(n=n), defaults={"level": "GVPT", "title": title.format(n=n), "hours": 20}
        )[0]
        for n in numbers
    ]


def load_national_catalogs():
    """Put back the national module catalogs the migrations load (a transactional test's flush removes them), so
    ``seed_demo`` can run inside a browser test."""
    from importlib import import_module

    from django.apps import apps as django_apps

    from modules.models import Module

    if Module.objects.filter(owner__isnull=True).exists():
        return
    import_module("modules.migrations.0002_load_catalog").load_catalog(django_apps, None)
    import_module("modules.migrations.0003_catalog_titles").fill_titles(django_apps, None)
    import_module("modules.migrations.0006_load_gvpt_catalog").load_gvpt(django_apps, None)
