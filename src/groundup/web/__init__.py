"""The web app: coaches and athletes upload squat videos, see verdicts, follow and log the program.

``create_app`` (``app.py``) builds the FastAPI application on an opened store; ``groundup serve``
(``groundup.cli.web``) runs it with uvicorn. Pages are rendered on the server (``pages.py``, Jinja2
templates); the same data is served as JSON under ``/api`` (``api.py``). Analyses run in a
separate, lower-priority process behind one job-queue interface (``jobs.py``).
"""
