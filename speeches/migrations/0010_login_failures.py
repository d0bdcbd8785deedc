"""Login failures recorded by django-axes, under a Chinese name, and the 主编's right to
see and clear them (unlocking a locked-out account before its cool-off ends)."""

from django.db import migrations

CHIEF_EDITOR_GROUP = "主编"
CHIEF_PERMISSIONS = ["view_loginfailures", "delete_loginfailures"]


def grant_unlock(apps, schema_editor):
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    app_config = apps.get_app_config("speeches")
    app_config.models_module = True
    create_contenttypes(app_config, apps=apps, verbosity=0)
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="speeches", codename__in=CHIEF_PERMISSIONS)
    if permissions.count() != len(CHIEF_PERMISSIONS):
        raise RuntimeError(f"Missing permissions: {CHIEF_PERMISSIONS}")
    group, _ = Group.objects.get_or_create(name=CHIEF_EDITOR_GROUP)
    group.permissions.add(*permissions)


def revoke_unlock(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=CHIEF_EDITOR_GROUP):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="speeches", codename__in=CHIEF_PERMISSIONS))


class Migration(migrations.Migration):

    dependencies = [
        ("axes", "0010_accessattemptexpiration"),
        ("speeches", "0009_search_newest_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="LoginFailures",
            fields=[],
            options={
                "verbose_name": "登录失败记录",
                "verbose_name_plural": "登录失败记录",
                "proxy": True,
                "default_permissions": ("view", "delete"),
                "indexes": [],
                "constraints": [],
            },
            bases=("axes.accessattempt",),
        ),
        migrations.RunPython(grant_unlock, revoke_unlock),
    ]
