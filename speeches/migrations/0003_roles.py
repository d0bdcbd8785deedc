"""The two editorial roles as groups: 编辑 writes, 主编 also publishes, recommends, deletes.

The permission lists are frozen here on purpose (a migration must not follow later code);
docs/workflow.md explains each role.
"""

from django.db import migrations

CRUD = ("add", "change", "view")

EDITOR_PERMISSIONS = [
    *(
        f"{verb}_{model}"
        for model in ("speech", "section", "relatedarticle", "meeting", "tag")
        for verb in CRUD
    ),
    # Editing a speech includes removing its sections and 延伸阅读 in the inline forms.
    "delete_section",
    "delete_relatedarticle",
    "view_category",
    # The 责任编辑 field picks a user through the admin's autocomplete, which needs it.
    "view_user",
]

CHIEF_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    *(f"delete_{model}" for model in ("speech", "meeting", "tag", "category")),
    "add_category",
    "change_category",
    "publish_speech",
    "recommend_speech",
]

ROLES = {"编辑": EDITOR_PERMISSIONS, "主编": CHIEF_PERMISSIONS}
APPS = ("speeches", "taggit", "auth")


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    # Permissions are normally created after `migrate` finishes; the groups need them now.
    for label in APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_contenttypes(app_config, apps=apps, verbosity=0)
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        permissions = Permission.objects.filter(content_type__app_label__in=APPS, codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Missing permissions for role {name}: {sorted(missing)}")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("speeches", "0002_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
