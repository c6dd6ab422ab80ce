"""The API's rate limit for anonymous clients: at most ``API_RATE_LIMIT`` requests per
``API_RATE_LIMIT_SECONDS`` from one address, then 429 with ``Retry-After``.

Counted in the shared Django cache (Redis in production), so that every process of every
server counts the same requests: a counter per address and per window of time, which the
cache increments atomically. The window is fixed (aligned on the clock): at most twice the
limit may pass around the turn of a window, which is enough to keep one client from taking
the whole server. The address is the one login throttling counts against, behind
``TRUSTED_PROXY_COUNT`` proxies (``core.login_throttling``).
"""

from __future__ import annotations

import time

from django.conf import settings
from ninja.throttling import BaseThrottle

from core.anti_spam import increment_counter
from core.login_throttling import client_ip_address

CACHE_KEY = "api-rate:{address}:{window}"


class AnonymousRateLimit(BaseThrottle):
    def allow_request(self, request) -> bool:
        if settings.API_RATE_LIMIT == 0 or request.user.is_authenticated:
            return True
        period = settings.API_RATE_LIMIT_SECONDS
        window = int(time.time() // period)
        key = CACHE_KEY.format(address=client_ip_address(request), window=window)
        # Kept a little longer than its window: a late increment never finds it gone.
        return increment_counter(key, period + 1) <= settings.API_RATE_LIMIT

    def wait(self) -> float:
        """The seconds until the current window ends, when the count starts again."""
        period = settings.API_RATE_LIMIT_SECONDS
        return period - time.time() % period
