"""Brand settings become the theme, logo, footer and texts; unsafe links are refused at start-up."""

from __future__ import annotations

from typing import Any

import pytest

from agent.branding.look import avatar_svg, footer, hsl_of, logo_svg, theme, theme_css
from agent.branding.routes import BrandingError, _rebrand, check_brand
from agent.settings import Settings


def _settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_the_primary_colour_is_the_shops() -> None:
    assert hsl_of("#b22222") == "0.0 67.9% 41.6%"
    assert theme(_settings(brand_color="#0055aa"))["variables"]["light"]["--primary"] == hsl_of("#0055aa")
    assert "--primary: 0.0 67.9% 41.6% !important" in theme_css(_settings())  # the full app's stylesheet
    with pytest.raises(ValueError, match="brand_color"):
        _settings(brand_color="red")


def test_the_logo_and_avatars_carry_the_shops_name_escaped() -> None:
    settings = _settings(shop_name="Ben & Jerry's <Shop>")
    assert "Ben &amp; Jerry&#x27;s &lt;Shop&gt;" in logo_svg(settings, dark=False)
    assert 'fill="#ffffff"' in logo_svg(settings, dark=True)
    assert ">S</text>" in avatar_svg(settings, "sam (Maple)")


def test_the_footer_is_the_shops_with_its_privacy_link_in_the_customers_language() -> None:
    settings = _settings(shop_name="Maple", privacy_url="https://maple.example/privacy")
    assert footer(settings, "en-US") == (
        "The Maple assistant can make mistakes; please check important details."
        " · [Privacy notice](https://maple.example/privacy)"
    )
    assert footer(settings, "zh-CN").endswith("[隐私政策](https://maple.example/privacy)")
    assert footer(_settings(footer_text="Ask [us] *anything*"), "en") == r"Ask \[us\] \*anything\*"


@pytest.mark.parametrize("field", ["brand_logo_light", "brand_logo_dark", "privacy_url"])
@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "data:image/svg+xml;base64,AAAA", "//evil.example/x"]
)
def test_unsafe_brand_links_are_refused_naming_the_setting(field: str, value: str) -> None:
    with pytest.raises(BrandingError, match=f"SALES_{field.upper()}"):
        check_brand(_settings(**{field: value}))


def test_safe_brand_links_pass() -> None:
    check_brand(_settings(brand_logo_light="/public/logo.png", privacy_url="https://shop.example/privacy"))


def test_chainlit_wording_in_interface_texts_becomes_the_shops() -> None:
    texts = {"auth": {"login": {"title": "Login to Chainlit"}}, "n": 3}
    assert _rebrand(texts, "Maple") == {"auth": {"login": {"title": "Login to Maple"}}, "n": 3}
