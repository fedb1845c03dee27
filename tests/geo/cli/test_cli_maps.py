"""`strikemap map` to a static map (PNG, SVG, PDF) and to an embeddable HTML fragment."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from geo.cli import main
from geo.maps.render import find_remote_references
from geo.maps.static import LEGEND_LABELS
from tests.geo.cli.helpers import fails_with
from tests.geo.io.helpers import rich_db
from tests.payloads import CORPUS, assert_inert, strike_rows

SVG_TEXT = "{http://www.w3.org/2000/svg}text"


def _svg_texts(path):
    return ["".join(t.itertext()) for t in ET.parse(path).getroot().iter(SVG_TEXT)]


def test_map_to_png_is_a4_at_300_dpi(tmp_path, capsys):
    out = tmp_path / "libya.png"
    assert main(["map", "-o", str(out)]) == 0
    assert capsys.readouterr().out == (
        f"wrote {out} (5 strikes, 6 sites, png, A4 landscape, 3508 x 2480 px)\n"
    )
    with Image.open(out) as image:
        assert (image.format, image.size) == ("PNG", (3508, 2480))


def test_map_to_svg_takes_the_filters_title_and_portrait(tmp_path, capsys):
    out = tmp_path / "sept.svg"
    args = ["map", "-o", str(out), "--since", "2019-09-20", "--portrait", "--dpi", "300"]
    assert main([*args, "--title", "$\\frac{1}{0}$ <b>Sept</b>"]) == 0
    assert capsys.readouterr().out == f"wrote {out} (3 of 5 strikes, 6 sites, svg, A4 portrait)\n"
    root = ET.parse(out).getroot()
    assert (root.get("width"), root.get("height")) == (
        "595.2pt",
        "841.92pt",
    )  # 2480 x 3508 px at 300 dpi
    texts = _svg_texts(out)
    assert "$\\frac{1}{0}$ <b>Sept</b>" in texts
    assert f"{LEGEND_LABELS[0]} (3)" in texts
    assert "24 September 2019 – 29 September 2019 · 3 strikes · filter: from 2019-09-20" in texts


def test_map_to_pdf_of_a_database_in_a_bbox(tmp_path, capsys):
    path = tmp_path / "rich.sqlite"
    rich_db(path).close()
    out = tmp_path / "case.pdf"
    assert main(["map", "-o", str(out), "--db", str(path), "--bbox", "-20,-10,60,45"]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out} (7 strikes, 6 sites, pdf, A4 ")
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-") and len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "m.png", "--embed"], "--embed makes an HTML fragment; --output is 'm.png'"),
        (
            ["-o", "m.html", "--bbox", "0,0,10,10"],
            "--bbox applies only to static maps: end --output in .png, .svg or .pdf",
        ),
        (
            ["-o", "m.html", "--portrait", "--title", "x"],
            "--title, --portrait apply only to static maps: end --output in .png, .svg or .pdf",
        ),
        (
            ["-o", "m.png", "--bbox", "0,10,20"],
            "bbox must be four numbers W,S,E,N in degrees such as '2,12,16,38', got '0,10,20'",
        ),
        (
            ["-o", "m.pdf", "--bbox", "0,10,20,5"],
            "bbox south (10.0) must be below north (5.0); give W,S,E,N in degrees",
        ),
        (["-o", "m.png", "--dpi", "2000"], "dpi must be a whole number from 50 to 1200, got 2000"),
        (["-o", "m.gif"], "--output must end in .html, .png, .svg or .pdf, got 'm.gif'"),
    ],
)
def test_bad_map_options_are_one_line(args, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    fails_with(["map", *args], message, capsys)
    assert list(tmp_path.iterdir()) == []


def _inner_page(fragment: str) -> str:
    (srcdoc,) = re.findall(r' srcdoc="([^"]*)"', fragment)
    return html.unescape(srcdoc)


def test_embed_writes_a_fragment_that_fills_its_container(tmp_path, capsys):
    out = tmp_path / "embed.html"
    assert main(["map", "-o", str(out), "--embed", "--offline"]) == 0
    assert capsys.readouterr().out == (
        f"wrote {out} (5 strikes, 6 sites, embeddable fragment, offline)\n"
    )
    fragment = out.read_text("utf-8")
    assert not re.search(r"<(?:!doctype|html|head|body|script|style)\b", fragment, re.I)
    assert re.findall(r"<(\w+)", fragment) == ["div", "iframe"]
    assert 'style="position:relative;width:100%;height:100%;min-height:320px"' in fragment
    assert 'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"' in fragment
    page = _inner_page(fragment)
    assert page.startswith("<!DOCTYPE html>")
    assert find_remote_references(page) == []
    assert len(strike_rows(page)) == 5


def test_embed_keeps_report_text_inert(tmp_path, raw_dataset, write_dataset, capsys):
    raw_dataset["dataset"]["title"] = '"></iframe><script>alert(9)</script>'
    for k, incident in enumerate(raw_dataset["incidents"]):
        incident["place_name"] = CORPUS[k]
    for k, site in enumerate(raw_dataset["sites"]):
        site["name"] = CORPUS[-1 - k]
    out = tmp_path / "embed.html"
    args = ["map", "-o", str(out), "--embed", "--offline"]
    assert main([*args, "--dataset", str(write_dataset(raw_dataset))]) == 0
    fragment = out.read_text("utf-8")
    assert re.findall(r"<(\w+)", fragment) == ["div", "iframe"]  # nothing broke out
    assert 'title="&quot;&gt;&lt;/iframe&gt;&lt;script&gt;alert(9)&lt;/script&gt;"' in fragment
    assert_inert(fragment)
    assert_inert(_inner_page(fragment))
