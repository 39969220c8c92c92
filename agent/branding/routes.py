"""Serve the brand from settings: Chainlit's own routes for the theme, logo, favicon, avatars and
interface texts are answered first by ours, so a shop changes its look with settings, not code."""

from __future__ import annotations

import re
from typing import Any

from chainlit.config import config as chainlit_config
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from agent.branding.look import avatar_svg, footer, logo_svg, theme, theme_css
from agent.settings import Settings

_URL = re.compile(r"^(https?://[^\s\"'<>]+|/(?!/)[^\s\"'<>]*)$", re.I)
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
_SVG = "image/svg+xml"
THEME_CSS = "/branding/theme.css"
# Chainlit's wording a customer could see, replaced by the shop's (Chinese texts name it too).
_CHAINLIT = re.compile(r"chainlit", re.I)


class BrandingError(ValueError):
    """A brand setting is unusable; the message names the setting."""


def check_brand(settings: Settings) -> None:
    """Logo and privacy links must be http(s) URLs or paths on this server (no javascript:)."""
    for field in ("brand_logo_light", "brand_logo_dark", "privacy_url"):
        value = getattr(settings, field)
        if value is not None and not _URL.match(value):
            raise BrandingError(f"SALES_{field.upper()}: {value!r} is not an http(s) URL or a /path")


def apply_ui_config(settings: Settings) -> None:
    """The assistant's name is Chainlit's app name: the page title and the author of its answers."""
    chainlit_config.ui.name = settings.assistant_name
    chainlit_config.ui.description = f"{settings.shop_name} — {settings.assistant_name}"
    chainlit_config.ui.custom_meta_url = settings.privacy_url or ""
    chainlit_config.ui.custom_meta_image_url = settings.brand_logo_light or "/logo?theme=light"
    chainlit_config.ui.custom_css = THEME_CSS


def _routes(settings: Settings, translation: Any) -> list[APIRoute]:
    async def theme_json(request: Request) -> JSONResponse:
        return JSONResponse(theme(settings))

    async def stylesheet(request: Request) -> Response:
        return Response(theme_css(settings), media_type="text/css")

    async def logo(request: Request) -> Response:
        dark = request.query_params.get("theme") == "dark"
        configured = settings.brand_logo_dark if dark else settings.brand_logo_light
        if configured or settings.brand_logo_light:
            return RedirectResponse(configured or str(settings.brand_logo_light), status_code=307)
        return Response(logo_svg(settings, dark), media_type=_SVG)

    async def favicon(request: Request) -> Response:
        return Response(avatar_svg(settings, settings.shop_name), media_type=_SVG)

    async def avatar(request: Request) -> Response:
        return Response(avatar_svg(settings, request.path_params["name"]), media_type=_SVG)

    async def translations(request: Request) -> JSONResponse:
        language = request.query_params.get("language", "en-US")
        if not _LANGUAGE.match(language):
            return JSONResponse({"detail": "language: not a language code"}, status_code=422)
        texts = translation(chainlit_config.ui.language or language)
        texts = _rebrand(texts, settings.shop_name)
        texts.setdefault("chat", {})["watermark"] = footer(settings, language)
        return JSONResponse({"translation": texts})

    return [
        APIRoute("/public/theme.json", theme_json, methods=["GET"]),
        APIRoute(THEME_CSS, stylesheet, methods=["GET"]),
        APIRoute("/logo", logo, methods=["GET"]),
        APIRoute("/favicon", favicon, methods=["GET"]),
        APIRoute("/avatars/{name:path}", avatar, methods=["GET"]),
        APIRoute("/project/translations", translations, methods=["GET"]),
    ]


def _rebrand(texts: Any, shop_name: str) -> Any:
    if isinstance(texts, dict):
        return {key: _rebrand(value, shop_name) for key, value in texts.items()}
    return _CHAINLIT.sub(shop_name, texts) if isinstance(texts, str) else texts


def install_branding(server_app: Any, settings: Settings) -> None:
    """Ahead of Chainlit's routes (the first match answers). Call once, at start-up."""
    check_brand(settings)
    apply_ui_config(settings)
    for route in reversed(_routes(settings, chainlit_config.load_translation)):
        server_app.router.routes.insert(0, route)
