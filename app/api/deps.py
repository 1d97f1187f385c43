"""Dependencies shared by every router: the app context and device authentication."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.concurrency import run_in_threadpool

from app.api.problems import ApiError
from app.context import AppContext
from app.services.touchpoints import Device

__all__ = ["CtxDep", "DeviceDep", "require_role"]


# The dependencies below are `async` although they do no I/O of their own:
# FastAPI runs a plain `def` dependency in the thread pool, and three thread
# hops before every gate scan cost more than the checks themselves.


async def get_ctx(request: Request) -> AppContext:
    return request.app.state.ctx


CtxDep = Annotated[AppContext, Depends(get_ctx)]


async def authenticate(
    request: Request,
    ctx: CtxDep,
    x_api_key: Annotated[str | None, Header(description="The touchpoint's API key.")] = None,
) -> Device:
    """The calling device, from its `X-API-Key`; 401 when missing or unknown.

    Answered from the device cache on the event loop; only a miss reads the
    database, in the thread pool.
    """
    if not x_api_key:
        raise ApiError(401, "unauthenticated", "send the touchpoint's key in the X-API-Key header")
    found, device = ctx.devices.cached(x_api_key)
    if not found:
        device = await run_in_threadpool(ctx.devices.lookup, ctx.db.read, x_api_key)
    if device is None:
        raise ApiError(401, "unauthenticated", "unknown or deactivated API key")
    request.state.touchpoint_id = device.touchpoint_id
    return device


DeviceDep = Annotated[Device, Depends(authenticate)]


def require_role(*roles: str) -> Callable[[Device], Device]:
    """A dependency that admits only devices with one of `roles`; 403 otherwise."""

    async def check(device: DeviceDep) -> Device:
        if device.role not in roles:
            raise ApiError(
                403, "forbidden_role",
                f"role {device.role!r} may not call this endpoint (allowed: {', '.join(roles)})",
            )
        return device

    return check


AdminDep = Annotated[Device, Depends(require_role("admin"))]
