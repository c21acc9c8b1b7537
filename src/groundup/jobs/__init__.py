"""Analyses as jobs: kept in the database, run by the web server's worker, Celery workers or a batch."""
