"""gunicorn's settings in production: ``gunicorn -c config/gunicorn.py config.wsgi``.

The application is loaded once, in the master process, which also builds what the public
pages keep in memory (the facet indexes of the public lists, ``web.warmup``) before it starts
the workers: a new worker serves its first request at once rather than building them, and
the workers share those pages of memory until they patch them. Every setting can be given
on the command line or in ``GUNICORN_CMD_ARGS`` too.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 10
preload_app = True
# gunicorn's sync worker, freed as soon as its answer is sent (see the module).
worker_class = "config.gunicorn_worker.PromptCloseWorker"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None


def when_ready(server):
    """In the master, once the application is loaded and before any worker starts."""
    from django.db import connections

    from web.warmup import warm_up

    warm_up()
    # A connection opened here must not be shared by the workers it would be copied to.
    connections.close_all()
    # What the warm-up built lives as long as the workers: out of the cyclic collector's
    # reach, it is not walked again by each of their full collections. At 100,000 sheets, a
    # worker's full collection took 70-80 ms, and fell in the page that patches the index
    # after an import (200-230 ms, 145 ms with this); nor do the collections write to the
    # pages the workers share with the master.
    gc.freeze()
