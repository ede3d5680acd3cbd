"""Settings built from environment variables: cache, mail, media storage, CDN purging.

Plain functions of a mapping (``os.environ`` by default) so each one is easy to test.
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}


def _bool(value, default=False) -> bool:
    if value is None or value == "":
        return default
    return str(value).strip().lower() in TRUE


def redis_cache(url: str, key_prefix: str = "khojaly") -> dict:
    """The shared cache (pages, sessions, Wagtail's site root paths) in Redis via django-redis.

    A Redis outage must never raise: IGNORE_EXCEPTIONS turns every failed call into a miss
    (logged, see DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS), and the short socket timeouts keep a
    hung Redis from holding requests.
    """
    if urlsplit(url).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            f"REDIS_URL must be a redis://, rediss:// or unix:// URL, not {url!r}."
        )
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "TIMEOUT": 300,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }


def email_settings(env=os.environ) -> dict:
    """EMAIL_URL (smtp://user:password@host:587?tls=1, smtps://…, console://) or the
    separate EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
    EMAIL_USE_SSL variables; the console backend when neither is set."""
    url = env.get("EMAIL_URL", "").strip()
    if url:
        parts = urlsplit(url)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        scheme = parts.scheme.lower()
        simple = {
            "console": "django.core.mail.backends.console.EmailBackend",
            "locmem": "django.core.mail.backends.locmem.EmailBackend",
            "dummy": "django.core.mail.backends.dummy.EmailBackend",
        }
        if scheme in simple:
            return {"EMAIL_BACKEND": simple[scheme]}
        if scheme not in {"smtp", "smtps", "submission"}:
            raise ImproperlyConfigured(
                f"EMAIL_URL must start with smtp://, smtps:// or console://, not {scheme}://."
            )
        use_ssl = scheme == "smtps" or _bool(query.get("ssl"))
        default_port = 465 if use_ssl else 587
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or default_port,
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": use_ssl,
            "EMAIL_USE_TLS": not use_ssl and _bool(query.get("tls"), default=True),
            "EMAIL_TIMEOUT": 10,
        }
    if env.get("EMAIL_HOST"):
        use_ssl = _bool(env.get("EMAIL_USE_SSL"))
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": env["EMAIL_HOST"],
            "EMAIL_PORT": int(env.get("EMAIL_PORT") or (465 if use_ssl else 587)),
            "EMAIL_HOST_USER": env.get("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": env.get("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_SSL": use_ssl,
            "EMAIL_USE_TLS": not use_ssl and _bool(env.get("EMAIL_USE_TLS"), default=True),
            "EMAIL_TIMEOUT": 10,
        }
    return {
        "EMAIL_BACKEND": env.get("EMAIL_BACKEND")
        or "django.core.mail.backends.console.EmailBackend"
    }


def media_storage(env=os.environ) -> tuple[dict, str | None]:
    """STORAGES['default'] and the media origin (for the CSP) from the environment.

    Local disk (MEDIA_ROOT) by default; S3-compatible object storage through django-storages
    when AWS_STORAGE_BUCKET_NAME is set (credentials from AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY, read by boto3 itself).
    """
    bucket = env.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}, None
    endpoint = env.get("AWS_S3_ENDPOINT_URL") or None
    region = env.get("AWS_S3_REGION_NAME") or None
    custom_domain = env.get("AWS_S3_CUSTOM_DOMAIN") or None
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": region,
        "custom_domain": custom_domain,
        "location": env.get("AWS_LOCATION", "media"),
        "default_acl": env.get("AWS_DEFAULT_ACL") or None,
        "querystring_auth": _bool(env.get("AWS_QUERYSTRING_AUTH"), default=False),
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "max-age=86400"},
    }
    if custom_domain:
        origin = f"https://{custom_domain.split('/')[0]}"
    elif endpoint:
        parsed = urlsplit(endpoint)
        origin = f"{parsed.scheme}://{parsed.netloc}"
    else:
        origin = f"https://{bucket}.s3.{region}.amazonaws.com" if region else (
            f"https://{bucket}.s3.amazonaws.com"
        )
    return {"BACKEND": "ops.storage.MediaStorage", "OPTIONS": options}, origin


def frontend_cache(env=os.environ) -> dict:
    """WAGTAILFRONTENDCACHE: a CDN or caching proxy to purge when pages change.

    FRONTEND_CACHE_PURGE_URL: a generic HTTP purge endpoint (Varnish, nginx, Fastly-style);
    CLOUDFLARE_API_TOKEN + CLOUDFLARE_ZONE_ID: Cloudflare; CLOUDFRONT_DISTRIBUTION_ID: AWS
    CloudFront. Several may be set; none means no CDN.
    """
    backends = {}
    if env.get("FRONTEND_CACHE_PURGE_URL"):
        backends["http"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env["FRONTEND_CACHE_PURGE_URL"],
        }
    if env.get("CLOUDFLARE_API_TOKEN") and env.get("CLOUDFLARE_ZONE_ID"):
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": env["CLOUDFLARE_API_TOKEN"],
            "ZONEID": env["CLOUDFLARE_ZONE_ID"],
        }
    if env.get("CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": env["CLOUDFRONT_DISTRIBUTION_ID"],
        }
    return backends


def archive_storage(env=os.environ) -> dict | None:
    """Where ``build_archive --upload`` sends each build (preservation.upload): S3-compatible
    object storage when PRESERVATION_BUCKET is set (endpoint, region and credentials as for
    media), a folder when PRESERVATION_UPLOAD_DIR is set, else nowhere."""
    bucket = env.get("PRESERVATION_BUCKET", "").strip()
    if bucket:
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env.get("AWS_S3_REGION_NAME") or None,
            "location": env.get("PRESERVATION_LOCATION", "archive"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        }}
    folder = env.get("PRESERVATION_UPLOAD_DIR", "").strip()
    if folder:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": folder}}
    return None
