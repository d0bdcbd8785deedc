"""Settings for the speech site: one module, driven by the environment.

Every deployment-specific value comes from environment variables (or a git-ignored
`.env` file that `make` writes on first use). See docs/configuration.md.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key"  # only ever used with DEBUG on

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "reversion",
    "django_ckeditor_5",
    "speeches",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "speeches.navigation.site_navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite is the embedded default so that a fresh clone runs with no server;
# production and CI set DATABASE_URL=postgres://...
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the writer work at once (runserver threads, tests).
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; Redis when REDIS_URL (or any CACHE_URL) is given.
if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
        }
    }
else:
    CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The manifest needs `collectstatic`; development and tests serve files as they are.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Public pages may be cached, but never longer than a minute: scheduled publishing has no
# cron job, so a cached page is the only thing that can show a speech late or hide it late.
# speeches.checks refuses values above 60 (docs/workflow.md).
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=60)

# Chinese tag names keep Chinese slugs (taggit's default, stated here on purpose).
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = False
TAGGIT_CASE_INSENSITIVE = True

# Extra words for Chinese segmentation, one per line, on top of
# speeches/dictionary/site_words.txt (docs/search.md).
SEARCH_EXTRA_DICTIONARY = env.str("SEARCH_EXTRA_DICTIONARY", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

# Development and tests serve static files straight from the apps (no collectstatic).
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# Rich-text editor (django-ckeditor-5, admin only). The toolbar and the plugins it needs
# must stay in step with the sanitizer's allow-list in speeches/sanitize.py: see README.md.
CKEDITOR_5_CONFIGS = {
    "default": {
        # Explicit: following the site language ("zh-hans") would fall back to English.
        "language": "zh-cn",
        # Only these plugins load (the bundle ships many more, e.g. a word counter that
        # counts a whole Chinese sentence as one word, HTML embeds, Markdown output).
        "plugins": [
            "Essentials", "Paragraph", "Heading", "Bold", "Italic", "List", "BlockQuote",
            "Link", "Table", "TableToolbar", "Image", "ImageToolbar", "ImageCaption",
            "ImageInsert", "SimpleUploadAdapter", "PasteFromOffice", "RemoveFormat", "Autoformat",
        ],
        "toolbar": {
            "items": [
                "heading", "|", "bold", "italic", "removeFormat", "|", "bulletedList",
                "numberedList", "blockQuote", "|", "link", "insertTable", "uploadImage", "|",
                "undo", "redo",
            ],
            "shouldNotGroupWhenFull": True,
        },
        # A section's own heading (一、…) is its <h2>; (一)(二) inside it are <h3>.
        "heading": {
            "options": [
                {"model": "paragraph", "title": "正文", "class": "ck-heading_paragraph"},
                {"model": "heading3", "view": "h3", "title": "小标题（一）", "class": "ck-heading_heading3"},
                {"model": "heading4", "view": "h4", "title": "小标题 1.", "class": "ck-heading_heading4"},
            ]
        },
        "image": {
            "toolbar": ["imageTextAlternative", "toggleImageCaption"],
            "upload": {"types": ["png", "jpeg", "webp"]},
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        "link": {"defaultProtocol": "https://"},
    }
}
CKEDITOR_5_UPLOAD_FILE_TYPES = ["png", "jpeg", "webp"]
# Our own upload view (speeches/upload_views.py), not the package's unchecked one.
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "speeches:editor_image_upload"
# The editing area uses the public page's rich-text typography.
CKEDITOR_5_CUSTOM_CSS = "css/rich-text.css"
