vcl 4.1;
# Varnish in front of the portal's gunicorn (docs/deploy.md, "Caching proxy").
#
# Cached: anonymous GET/HEAD of public pages under a language prefix (/az/, /en/, /ru/: the URL
# carries the language), static files and media. Passed: the admin (and its previews), every
# other method (forms post), anything signed in or carrying a session, and the few URLs
# without a language prefix ("/" chooses a language per reader). As in the application's own
# page cache (ops/cache.py), the CSRF and language cookies do not make a request personal, and
# a response that sets a cookie (a page with a form sends its CSRF cookie) is never stored.
# Wagtail's frontend cache purges pages with HTTP PURGE when editors publish, unpublish, move
# or delete (FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:6081, see ops/signals.py).
#
# The backend port below is gunicorn's (deploy/gunicorn.conf.py, PORT=8000); the tests and the
# benchmark write a copy with their own port.
#
# The surge fallback (docs/preservation.md): when the app servers cannot answer (refused, timed
# out, or a 502/503/504), a reader's GET is asked once more of the archive's static copy
# (`make archive`, served by nginx with deploy/nginx/archive.conf on port 8081) instead of
# showing an error. Its pages say they are an archived copy; forms there link to the live site.

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 35s;
    .between_bytes_timeout = 10s;
}

backend archive {
    .host = "127.0.0.1";
    .port = "8081";
    .connect_timeout = 1s;
    .first_byte_timeout = 10s;
}

# Who may purge: the app servers (on the same host here; add their addresses otherwise).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # "X-Purge-Scope: site" (ops.signals, when the menu or site settings change: every
        # page shows them) drops every page of the host.
        if (req.http.X-Purge-Scope == "site") {
            ban("obj.http.X-Host == " + regsub(req.http.Host, ":[0-9]+$", ""));
            return (synth(200, "Purged site"));
        }
        # A ban rather than a purge: it removes every stored variant of the path (http and
        # https, any Vary, every ?page=N), while Wagtail sends one PURGE per page URL.
        ban("obj.http.X-Path == " + regsub(req.url, "\?.*$", "") + " && obj.http.X-Host == "
            + regsub(req.http.Host, ":[0-9]+$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|healthz|readyz)(/|$)" || req.http.Authorization) {
        return (pass);
    }
    if (req.url !~ "^/(az|en|ru)(/|$)" && req.url !~ "^/(static|media)/") {
        return (pass);
    }
    # Harmless cookies out, then anything left (a session, a signed-in editor) passes.
    if (req.http.Cookie) {
        set req.http.Cookie = regsuball(req.http.Cookie, "(^|;\s*)(csrftoken|django_language)=[^;]*", "");
        set req.http.Cookie = regsub(req.http.Cookie, "^;\s*", "");
        if (req.http.Cookie ~ "^\s*$") {
            unset req.http.Cookie;
        } else {
            return (pass);
        }
    }
    # Like the application's cache (PAGE_CACHE_QUERY_PARAMETERS): "?page=N", and a search's
    # "?q=…" with or without "&page=N", are cached; other query strings (filters, made-up
    # parameters) pass. Every publish drops every cached search (ops.signals.search_urls);
    # the storage's LRU bounds what made-up queries can take.
    if (req.url ~ "\?" && req.url !~ "\?page=[0-9]{1,9}$"
        && req.url !~ "^/(az|en|ru)/search/\?q=[^&]{0,400}(&page=[0-9]{1,9})?$") {
        return (pass);
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    # Without the port, as the bans compare it.
    hash_data(regsub(req.http.Host, ":[0-9]+$", ""));
    # http and https differ (a redirect to https must never be served to https).
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_fetch {
    # The second try of a failed fetch goes to the static copy (vcl_backend_error below).
    if (bereq.retries > 0) {
        set bereq.backend = archive;
        unset bereq.http.Cookie;
    }
}

sub vcl_backend_error {
    if (bereq.retries == 0 && (bereq.method == "GET" || bereq.method == "HEAD")
        && bereq.url !~ "^/(admin|django-admin|healthz|readyz)(/|$)") {
        return (retry);
    }
}

sub vcl_backend_response {
    if (bereq.backend == archive) {
        # Never stored: the live pages come back as soon as an app server does.
        set beresp.http.X-Archive-Copy = "1";
        set beresp.uncacheable = true;
        set beresp.ttl = 5s;
        return (deliver);
    }
    if (beresp.status >= 502 && beresp.status <= 504 && bereq.retries == 0
        && (bereq.method == "GET" || bereq.method == "HEAD")
        && bereq.url !~ "^/(admin|django-admin|healthz|readyz)(/|$)") {
        return (retry);
    }
    # For bans (see PURGE above); removed again before delivery.
    set beresp.http.X-Path = regsub(bereq.url, "\?.*$", "");
    set beresp.http.X-Host = regsub(bereq.http.Host, ":[0-9]+$", "");
    if (bereq.url ~ "^/(static|media)/") {
        return (deliver);  # WhiteNoise and the media view say how long.
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-cache|no-store)"
        || beresp.http.Vary ~ "\*") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.status == 200) {
        # Purged on every change; the TTL only bounds what a lost purge could leave. A page
        # that changes by itself (a poll opens, the anniversary's midnight) says when in
        # s-maxage, which Varnish has already made the TTL.
        if (beresp.http.Cache-Control !~ "s-maxage") {
            set beresp.ttl = 1h;
        }
        # During a surge, serve the stored copy while one request fetches a fresh one.
        set beresp.grace = 6h;
    } elsif (beresp.status == 404 || beresp.status == 301) {
        set beresp.ttl = 60s;
    } else {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.X-Path;
    unset resp.http.X-Host;
    if (obj.hits > 0) {
        set resp.http.X-Proxy-Cache = "HIT";
    } else {
        set resp.http.X-Proxy-Cache = "MISS";
    }
}
