"""Settings for the speech site: one module, driven by the environment.

Every deployment-specific value comes from environment variables (or a git-ignored
`.env` file that `make` writes on first use). See docs/configuration.md.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
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
    "speeches.apps.DeskAdminConfig",  # the stock admin, its home the editor's desk
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
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "speeches",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (django-csp) with the admin's relaxed style rule: docs/security.md.
    "speeches.headers.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control for shared caches (the nginx micro-cache) and browsers: outside the
    # session, CSRF and auth middleware so that it sees their cookies (speeches/cache_headers.py).
    "speeches.cache_headers.CacheHeadersMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
    # An unreachable server fails fast into the 503 page instead of hanging a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
# Seconds a reader is asked to wait (Retry-After) when the database cannot be reached.
DATABASE_RETRY_AFTER_SECONDS = env.int("DATABASE_RETRY_AFTER_SECONDS", default=30)

# PostgreSQL read replicas (docs/replicas.md): each URL in DATABASE_REPLICA_URLS becomes an
# alias replica_1, replica_2, ... with the primary's options, and speeches.replicas sends
# public reads to a healthy one (lag within REPLICA_MAX_LAG_SECONDS, verdict kept per process
# for REPLICA_CHECK_SECONDS); everything else, and a writer's reads for
# READ_YOUR_WRITES_SECONDS after a write, go to the primary. Tests mirror the primary.
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=5.0)
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=1.0)
READ_YOUR_WRITES_SECONDS = env.float(
    "READ_YOUR_WRITES_SECONDS", default=REPLICA_MAX_LAG_SECONDS + 2 * REPLICA_CHECK_SECONDS + 2
)
DATABASE_REPLICAS = []
for number, url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    replica = env.db_url_config(url)
    if "postgresql" not in replica["ENGINE"] or "postgresql" not in DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs PostgreSQL for the primary and every replica.")
    replica.update(
        {key: DATABASES["default"][key] for key in ("ATOMIC_REQUESTS", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}
    )
    replica["OPTIONS"] = {**DATABASES["default"]["OPTIONS"], **replica.get("OPTIONS", {})}
    # A replica that does not answer costs one request this long before it is skipped.
    replica["OPTIONS"]["connect_timeout"] = env.int("REPLICA_CONNECT_TIMEOUT", default=2)
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{number}"] = replica
    DATABASE_REPLICAS.append(f"replica_{number}")
if DATABASE_REPLICAS:
    # Before the session middleware: a session saved on the way out is a write too.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "speeches.replicas.ReplicaRoutingMiddleware",
    )
    DATABASE_ROUTERS = ["speeches.replicas.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; Redis when REDIS_URL (or any CACHE_URL) is given. A Redis that
# cannot be reached is a cache miss, never an error: pages are then served uncached
# (django-redis IGNORE_EXCEPTIONS, short socket timeouts; docs/security.md).
if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CONNECT_TIMEOUT", default=0.5),
                "SOCKET_TIMEOUT": env.float("REDIS_TIMEOUT", default=0.5),
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # Sessions are read from Redis by every app server and written through to the database,
    # so a Redis restart, eviction or outage logs nobody out (docs/architecture.md,
    # "Several app servers"). Without Redis they stay in the database alone (Django's default).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Background jobs (docs/jobs.md): the django-tasks backport of Django 6's task framework.
# Inline by default, so `make run` and `make test` need no worker; TASKS_BACKEND=database
# queues them in the database for `make worker` (manage.py db_worker).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)  # a failing job is tried this often
JOB_RETRY_SECONDS = env.int("JOB_RETRY_SECONDS", default=30)  # first backoff; doubles per attempt
JOB_PROGRESS_SECONDS = env.float("JOB_PROGRESS_SECONDS", default=1.0)  # at most one progress write per interval

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

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
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
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
# The promise holds end to end, through the app's page cache and the edge cache in front
# (deploy/nginx.conf): the edge keeps a page only as long as the app's copy has left
# (s-maxage), then may serve it EDGE_STALE_SECONDS more while it fetches a fresh one
# (stale-while-revalidate). So the app's page cache gets the rest of the minute:
# PAGE_CACHE_SECONDS + EDGE_STALE_SECONDS <= PUBLIC_CACHE_SECONDS (docs/workflow.md).
EDGE_STALE_SECONDS = env.int("EDGE_STALE_SECONDS", default=10)
PAGE_CACHE_SECONDS = PUBLIC_CACHE_SECONDS - EDGE_STALE_SECONDS

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

# How many reverse proxies (load balancer, nginx) stand in front of the app and append to
# X-Forwarded-For. 0 trusts only the socket's address. Login lockouts and view counts
# identify clients by this address (speeches/clients.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Logins (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username, or from
# one address, further attempts are refused for LOGIN_LOCKOUT_MINUTES; a 主编 can unlock
# earlier under 登录锁定 in the admin. docs/security.md.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "speeches.logins.lockout_response"
AXES_CLIENT_IP_CALLABLE = "speeches.clients.client_ip"
AXES_ENABLE_ADMIN = False  # speeches/admin_logins.py registers a Chinese one for 主编
AXES_VERBOSE = False

# The view-count beacon counts one view per reader and speech per window, and at most
# VIEW_COUNT_RATE_LIMIT views a minute from one client (speeches/hits.py).
VIEW_COUNT_WINDOW_SECONDS = env.int("VIEW_COUNT_WINDOW_SECONDS", default=1800)
VIEW_COUNT_RATE_LIMIT = env.int("VIEW_COUNT_RATE_LIMIT", default=30)

# Rich text may show images from the site's own MEDIA_URL and from these hosts only;
# others are dropped on save (speeches/sanitize.py) and blocked by the CSP.
RICH_TEXT_IMAGE_HOSTS = env.list("RICH_TEXT_IMAGE_HOSTS", default=[])

# Content-Security-Policy (django-csp): scripts and styles from our own origin, and inline
# ones only with the response's nonce. The admin also allows inline styles, which
# CKEditor 5 injects (speeches/headers.py). docs/security.md.
# The JSON API (/api/v1/, docs/api.md).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "speeches.api.parsers.BoundedJSONParser",
        "speeches.api.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["speeches.api.http.AnonymousThrottle", "speeches.api.http.TokenThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "speeches.api.errors.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per client address without a token, and per token (read live by the throttles).
API_THROTTLE_RATES = {
    "anon": env.str("API_ANON_RATE", default="120/min"),
    "user": env.str("API_TOKEN_RATE", default="1200/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "讲稿库 API",
    "DESCRIPTION": "讲话稿、栏目、会议、标签、搜索和热门的只读接口，以及编辑用令牌提交草稿的写接口。说明见 docs/api.md。",
    "VERSION": "1.0.0",
    # 3.1: a nullable object is oneOf [object, null], which validators read the same way.
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "speeches.api.schema.add_problem_responses",
    ],
}
# Cross-origin reads of the API: off unless origins are listed (comma-separated).
CORS_ALLOWED_ORIGINS = env.list("API_CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, *(f"https://{host}" for host in RICH_TEXT_IMAGE_HOSTS)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Powerful browser features nobody on this site needs (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    ]
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Off only for `make serve`: production mode over plain HTTP on one machine, where
    # browsers would drop Secure cookies and nobody could log in (README, deploy/README.md).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    # A year, as browsers' preload lists require; preloading is a promise that is hard to
    # take back (every subdomain, for months), so it is opt-in: README, production settings.
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
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
            "Essentials",
            "Paragraph",
            "Heading",
            "Bold",
            "Italic",
            "List",
            "BlockQuote",
            "Link",
            "Table",
            "TableToolbar",
            "Image",
            "ImageToolbar",
            "ImageCaption",
            "ImageInsert",
            "SimpleUploadAdapter",
            "PasteFromOffice",
            "RemoveFormat",
            "Autoformat",
        ],
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "removeFormat",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "link",
                "insertTable",
                "uploadImage",
                "|",
                "undo",
                "redo",
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
