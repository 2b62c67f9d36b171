"""The ASGI app uvicorn serves (`evcharge.api.main:app`); settings come from the environment."""

from evcharge.api.app import create_app

app = create_app()
