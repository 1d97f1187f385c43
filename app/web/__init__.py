"""The browser pages the service serves: the self-service kiosk and the operations dashboard.

Plain HTML, CSS and JavaScript modules with no build step, served from this
package: `/kiosk/` (app/web/kiosk), `/dashboard/` (app/web/dashboard) and the
code they share at `/web/shared/`. Every file goes out with a strict
Content-Security-Policy (scripts, styles and connections from this origin
only), and the camera is allowed for this origin alone.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

__all__ = ["PAGES", "SECURITY_HEADERS", "WebFiles", "mount_pages"]

WEB_DIR = Path(__file__).resolve().parent

# URL prefix -> folder under app/web.
PAGES = {"/kiosk": "kiosk", "/dashboard": "dashboard", "/web/shared": "shared"}

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
    # Revalidate every time: a kiosk left running picks up new files at once.
    "Cache-Control": "no-cache",
}


class WebFiles(StaticFiles):
    """Static files with the pages' security headers."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(SECURITY_HEADERS)
        return response


def mount_pages(app: FastAPI) -> None:
    """Mount the pages; call after the routers, so `/kiosk/api/...` reaches its routes first."""
    for prefix, folder in PAGES.items():
        app.mount(prefix, WebFiles(directory=WEB_DIR / folder, html=True), name=f"web-{folder}")
