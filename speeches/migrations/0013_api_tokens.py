"""API tokens (docs/api.md): a 主编 issues and revokes them in the admin; a 编辑 cannot."""

from django.db import migrations

CHIEF_EDITOR_GROUP = "主编"
TOKEN_PERMISSIONS = ["view_tokenproxy", "add_tokenproxy", "delete_tokenproxy"]


def grant_tokens(apps, schema_editor):
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    app_config = apps.get_app_config("authtoken")
    app_config.models_module = True
    create_contenttypes(app_config, apps=apps, verbosity=0)
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="authtoken", codename__in=TOKEN_PERMISSIONS)
    if permissions.count() != len(TOKEN_PERMISSIONS):
        raise RuntimeError(f"Missing permissions: {TOKEN_PERMISSIONS}")
    group, _ = Group.objects.get_or_create(name=CHIEF_EDITOR_GROUP)
    group.permissions.add(*permissions)


def revoke_tokens(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=CHIEF_EDITOR_GROUP):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="authtoken", codename__in=TOKEN_PERMISSIONS))


class Migration(migrations.Migration):

    dependencies = [
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("speeches", "0012_daily_views"),
    ]

    operations = [migrations.RunPython(grant_tokens, revoke_tokens)]
