"""Mentorlab settings: one file, driven by the environment.

Defaults are for a developer's machine (SQLite in the project folder, console e-mail,
background tasks run in-process). Production sets the variables listed in README.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from mentorlab.accounts.sso_config import social_providers_from_env, sso_form_action_origins

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789"
)
if not DEBUG and SECRET_KEY.startswith("dev-only"):
    raise RuntimeError("Set SECRET_KEY in the environment when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "Mentorlab")

INSTALLED_APPS = [
    # Before the admin, so that its admin classes and the `<field>_en/_fi/_sv` columns of the
    # content coordinators write are set up first (see the apps' translation.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "allauth.socialaccount.providers.google",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mentorlab.core",
    "mentorlab.accounts",
    "mentorlab.audit",
    "mentorlab.programmes",
    "mentorlab.matching",
    "mentorlab.mentorships",
    "mentorlab.careerdesign",
    "mentorlab.events",
    "mentorlab.library",
    "mentorlab.surveys",
    "mentorlab.conversations",
    "mentorlab.notifications",
    "mentorlab.dashboard",
    "mentorlab.home",
    "mentorlab.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication, messages and htmx: it reads the user, adds a message and answers
    # htmx requests with a client-side redirect.
    "mentorlab.programmes.second_factor.CoordinatorSecondFactorMiddleware",
]

ROOT_URLCONF = "mentorlab.urls"
WSGI_APPLICATION = "mentorlab.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mentorlab" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "mentorlab.home.context_processors.site",
                "mentorlab.notifications.context_processors.bell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'mentorlab.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several request threads share the file; wait for a lock rather than fail at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: e-mail is the login, and it must be verified before the account is used.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# The sign-up form says plainly when an address is taken (a person may have applied in an
# earlier cycle); the rate limits below keep this from being used to harvest addresses.
# The password-reset form does not tell (see accounts.password_reset).
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "mentorlab.accounts.forms.SignupExtraForm"
ACCOUNT_FORMS = {"reset_password": "mentorlab.accounts.password_reset.ResetPasswordForm"}
ACCOUNT_ADAPTER = "mentorlab.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    # Login throttling: failed attempts per client address, and per account *from one client*
    # (the adapter puts the client into the key), so that wrong passwords sent from one place
    # cannot lock the real owner out everywhere else.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Behind a load balancer every request comes from its address: say how many proxies add
# themselves to X-Forwarded-For, so rate limits see the real client.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Two-factor sign-in: an authenticator app (TOTP), security keys and passkeys (WebAuthn),
# and recovery codes. Required for coordinators and staff on coordinator pages
# (programmes.second_factor), optional for everyone else.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = SITE_NAME
# Browsers allow WebAuthn on http://localhost; allauth needs to be told for development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_ADAPTER = "mentorlab.programmes.second_factor.MFAAdapter"

# Single sign-on (django-allauth social accounts): students and staff sign in with the
# university's OpenID Connect or SAML identity provider, alumni may connect Google or
# LinkedIn. Providers come from the environment (README.md) or the admin (Social applications).
SOCIALACCOUNT_PROVIDERS = social_providers_from_env(os.environ)
SOCIALACCOUNT_ADAPTER = "mentorlab.accounts.sso.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_QUERY_EMAIL = True
# A sign-in whose provider vouches for the address (OIDC `email_verified`, or a per-provider
# `verified_email` setting) signs in to, and connects, the account with that address. An
# address the provider does not vouch for never matches an existing account.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
LOGIN_REDIRECT_URL = "core:home"
LOGIN_URL = "account_login"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "mentorlab_cache",
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fi", _("Finnish")), ("sv", _("Swedish"))]
LOCALE_PATHS = [BASE_DIR / "mentorlab" / "locale"]
# Content coordinators write (programme, topics, questions, surveys, events) is stored per
# language by django-modeltranslation. A reader gets their own language, else English, else
# whichever language the coordinator did write it in.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fi", "sv")
# One date and time format per language, used everywhere (see mentorlab/formats/).
FORMAT_MODULE_PATH = ["mentorlab.formats"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Helsinki")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "mentorlab" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mentorlab <mentorlab@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: in-process by default; production runs `manage.py db_worker` processes
# that take jobs from the database (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# The REST API (mentorlab/api): personal tokens or the site's session, JSON only, pages of
# 50, a request budget per token, one error shape (mentorlab/api/errors.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mentorlab.api.authentication.BearerTokenAuthentication",
        "mentorlab.api.authentication.SecondFactorSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "mentorlab.api.pagination.PagePagination",
    "DEFAULT_THROTTLE_CLASSES": ["mentorlab.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("API_RATE_LIMIT", "1000/hour")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "mentorlab.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mentorlab API",
    "DESCRIPTION": (
        "Read and change Mentorlab data with the same rules as the pages. Authenticate with "
        "`Authorization: Bearer <token>`, a personal token made on your profile page."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc from drf-spectacular-sidecar's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from the public validator: nothing on the page comes from another site.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "mentorlab.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "mentorlab.programmes.choices.ApplicationStatus",
        "DecisionEnum": "mentorlab.api.serializers.DECISIONS",
        "RunStatusEnum": "mentorlab.matching.models.RunStatus",
        "MatchModeEnum": "mentorlab.matching.models.Mode",
        "MentorshipStateEnum": "mentorlab.mentorships.models.MentorshipState",
        "GoalStatusEnum": "mentorlab.mentorships.models.GoalStatus",
        "MeetingStatusEnum": "mentorlab.mentorships.models.MeetingStatus",
        "MeetingModeEnum": "mentorlab.mentorships.models.MeetingMode",
        "EventStatusEnum": "mentorlab.events.models.EventStatus",
        "RegistrationStatusEnum": "mentorlab.events.models.RegistrationStatus",
    },
}

FORMS_URLFIELD_ASSUME_HTTPS = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list is a decision for the domain's owner.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content-Security-Policy: scripts and styles only from this site's static files (no inline
# script, no eval), no plug-ins, no framing. Inline <script type="application/json"> data
# blocks (allauth's WebAuthn pages) are data, not scripts, and need nothing. The QR code of
# the authenticator-app set-up is an image with a data: address. An SSO provider that a
# sign-in form redirects to must be in form-action: those configured from the environment
# are added here, others (admin-made, SAML metadata URL) go in CSP_FORM_ACTION.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [
            SELF,
            *sso_form_action_origins(SOCIALACCOUNT_PROVIDERS),
            *env_list("CSP_FORM_ACTION"),
        ],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
