"""What the brand settings look like: theme colours, a logo and avatars drawn from the shop's name
when no logo file is configured, and the footer line under the chat box."""

from __future__ import annotations

import colorsys
from html import escape
from typing import Any

from agent.settings import Settings


def hsl_of(hex_colour: str) -> str:
    """``#rrggbb`` as the "H S% L%" triple Chainlit's theme variables take."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    return f"{hue * 360:.1f} {saturation * 100:.1f}% {lightness * 100:.1f}%"


def theme(settings: Settings) -> dict[str, Any]:
    """``public/theme.json`` for the app and the Copilot widget (both fetch it)."""
    primary = hsl_of(settings.brand_color)
    variables = {"--primary": primary, "--ring": primary, "--primary-foreground": "0 0% 100%"}
    return {"variables": {"light": variables, "dark": variables}}


def theme_css(settings: Settings) -> str:
    """The same colours for the full app, which takes its theme variables from a file at page load:
    a stylesheet (``[UI] custom_css``) overrides its defaults in light and dark mode."""
    lines = [
        f"  {name}: {value} !important;" for name, value in theme(settings)["variables"]["light"].items()
    ]
    return ":root, .dark {\n" + "\n".join(lines) + "\n}\n"


def logo_svg(settings: Settings, dark: bool) -> str:
    """The shop's name as a wordmark, in the brand colour (or white on dark backgrounds)."""
    name = escape(settings.shop_name)
    fill = "#ffffff" if dark else escape(settings.brand_color)
    width = 24 + 11 * len(settings.shop_name)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="32" viewBox="0 0 {width} 32">'
        f'<text x="0" y="23" font-family="system-ui, sans-serif" font-size="20" font-weight="700" '
        f'fill="{fill}">{name}</text></svg>'
    )


def avatar_svg(settings: Settings, name: str) -> str:
    """A round badge with the author's initial: the assistant and each salesperson look distinct."""
    initial = escape((name.strip()[:1] or "?").upper())
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">'
        f'<circle cx="20" cy="20" r="20" fill="{escape(settings.brand_color)}"/>'
        '<text x="20" y="27" text-anchor="middle" font-family="system-ui, sans-serif" font-size="20" '
        f'font-weight="700" fill="#ffffff">{initial}</text></svg>'
    )


def _markdown_text(text: str) -> str:
    return "".join(f"\\{c}" if c in "\\`*_[]()<>#!|~" else c for c in text)


def footer(settings: Settings, language: str) -> str:
    """The line under the chat box (markdown): the shop's own, with its privacy notice linked."""
    zh = language.lower().startswith("zh")
    text = settings.footer_text or (
        f"{settings.shop_name} 智能助手可能出错，重要信息请核实。"
        if zh
        else f"The {settings.shop_name} assistant can make mistakes; please check important details."
    )
    line = _markdown_text(text)
    if settings.privacy_url:
        line += f" · [{'隐私政策' if zh else 'Privacy notice'}]({settings.privacy_url})"
    return line
