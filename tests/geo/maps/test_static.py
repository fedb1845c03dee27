"""The static map for reports: A4 PNG/SVG/PDF, its symbols, legend, text and determinism."""

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from PIL import Image

from geo import InvalidQueryError, load_dataset
from geo.maps.render import nearest_launch_site
from geo.maps.static import (
    LEGEND_LABELS,
    BoundingBox,
    Orientation,
    StaticFormat,
    draw_static_map,
    pixel_of,
    render_static_map,
    save_static_map,
)
from geo.model.filters import IncidentFilter

SVG = "{http://www.w3.org/2000/svg}"
A4_PT = (841.89, 595.28)


@pytest.fixture(scope="module")
def drawn(dataset):
    figure = draw_static_map(dataset)
    png = render_static_map(figure, StaticFormat.PNG)
    svg = render_static_map(figure, "svg")
    return figure, png, svg


def _texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _red(pixel):
    r, g, b = pixel[:3]
    return r > 150 and g < 120 and b < 110 and r - g > 80


# --- the picture -----------------------------------------------------------------------------


def test_png_is_a4_landscape_at_300_dpi_and_not_blank(drawn):
    _, png, _ = drawn
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (3508, 2480)
        rgb = image.convert("RGB")
    colours = rgb.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 200  # land, sea, symbols, antialiased text
    counts = sorted((n for n, _ in colours), reverse=True)
    assert counts[0] < 0.6 * 3508 * 2480  # no single colour covers the page


def test_strikes_are_red_where_they_lie_and_bases_blue(dataset, drawn):
    figure, png, _ = drawn
    rgb = Image.open(io.BytesIO(png)).convert("RGB")
    for incident in dataset.incidents:
        column, row = pixel_of(figure, incident.lat, incident.lon)
        assert 0 < column < 3508 and 0 < row < 2480, incident.id
        around = [
            rgb.getpixel((round(column) + dx, round(row) + dy))
            for dx in range(-4, 5, 2)
            for dy in range(-4, 5, 2)
        ]
        assert sum(_red(p) for p in around) >= 20, (incident.id, around[:3])
    dirkou = next(s for s in dataset.sites if s.id == "site-dirkou-airfield")
    column, row = pixel_of(figure, dirkou.lat, dirkou.lon)
    r, g, b = rgb.getpixel((round(column), round(row) + 4))  # inside the triangle
    assert b > r + 40 and b > 90, (r, g, b)  # the base colour, #1f4e79
    # far from any strike the page is land or sea, never strike red
    column, row = pixel_of(figure, 33.0, 4.0)  # northern Algeria
    assert not _red(rgb.getpixel((round(column), round(row))))


def test_portrait_page_is_upright_a4(dataset):
    figure = draw_static_map(dataset, orientation=Orientation.PORTRAIT, dpi=100)
    with Image.open(io.BytesIO(render_static_map(figure, StaticFormat.PNG))) as image:
        assert image.size == (827, 1169)  # A4 at 100 dpi


def test_legend_title_credits_and_distance_labels_are_text(dataset, drawn):
    _, _, svg = drawn
    texts = _texts(svg)
    strike, area, base, hq, line = LEGEND_LABELS
    for label in (f"{strike} (5)", area, f"{base} (3)", f"{hq} (0)", line, "Legend"):
        assert label in texts
    assert texts.count("US strikes on ISIS in southern Libya, 2019") == 1
    assert "1 March 2018 – 29 September 2019 · 5 strikes" in texts
    credits = next(t for t in texts if t.startswith("Sources:"))
    assert "Gulf News (wire report), The New York Times." in credits
    assert "Natural Earth" in credits
    assert "N" in texts  # the north arrow
    assert any(re.fullmatch(r"[\d,]+ km", t.strip()) for t in texts)  # the scale bar
    assert any(re.fullmatch(r"[\d,]+ mi", t.strip()) for t in texts)
    launch = [s for s in dataset.sites if s.kind.launches_aircraft]
    expected = {
        f"{d.label()} to {s.name}"
        for s, d in (nearest_launch_site(i, launch) for i in dataset.incidents)
    }
    assert expected == {
        "674 km (419 mi) to Dirkou airfield",
        "743 km (461 mi) to Dirkou airfield",
        "777 km (483 mi) to Dirkou airfield",
    }
    assert expected <= set(texts)
    # fitted to the strikes and the launch sites within 1,500 km; headquarters are far off
    for name in ("Dirkou airfield", "Air Base 201, Agadez", "Naval Air Station Sigonella"):
        assert name in texts
    assert not any("Stuttgart" in t or "Ramstein" in t for t in texts)


def _ocr(image: Image.Image, tmp_path, *, psm: int = 3) -> list[str]:
    """The lines Tesseract reads in ``image`` (Debian's tesseract-ocr; `make test` installs it)."""
    assert shutil.which("tesseract"), "tesseract is not installed: `make test` installs it"
    path = tmp_path / "ocr.png"
    image.save(path)
    done = subprocess.run(
        ["tesseract", str(path), "stdout", "--psm", str(psm)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return [" ".join(line.split()) for line in done.stdout.splitlines() if line.strip()]


def test_the_png_can_be_read_legend_title_credits_and_distances(dataset, drawn, tmp_path):
    """The printed page itself, read back by OCR: not the figure's text objects."""
    figure, png, _ = drawn
    page = Image.open(io.BytesIO(png)).convert("L")
    box = figure.axes[0].get_legend().get_window_extent()
    height = figure.canvas.get_width_height()[1]
    legend = page.crop((int(box.x0), int(height - box.y1), int(box.x1) + 1, int(height - box.y0)))
    # one line of the legend each; the symbol before a label is read as a character or two
    lines = _ocr(legend, tmp_path, psm=6)
    assert lines[0] == "Legend"
    strike, area, base, hq, line = LEGEND_LABELS
    wanted = [f"{strike} (5)", area, f"{base} (3)", f"{hq} (0)", line]
    assert len(lines) == 1 + len(wanted)
    for read, label in zip(lines[1:], wanted, strict=True):
        assert read.endswith(label), (read, label)
        assert len(read) - len(label) <= 5, (read, label)
    text = "\n".join(_ocr(page, tmp_path))
    assert "US strikes on ISIS in southern Libya, 2019" in text
    assert "29 September 2019" in text and "5 strikes" in text
    assert "Gulf News (wire report), The New York Times." in text
    assert "Natural Earth" in text
    for label in ("674 km (419 mi)", "743 km (461 mi)", "777 km (483 mi)"):
        assert label in text


def test_a_bbox_chooses_the_area(dataset):
    figure = draw_static_map(dataset, bbox=BoundingBox.parse("-5,10,20,52"), dpi=60)
    svg_texts = _texts(render_static_map(figure, StaticFormat.SVG))
    assert "AFRICOM headquarters, Stuttgart" in svg_texts
    assert {"Headquarters (1)", "Base or airfield (5)", "Ramstein Air Base"} <= set(svg_texts)
    # the box's corners are inside the frame, the map fills the page's width
    width, height = figure.canvas.get_width_height()
    for lat, lon in ((10, -5), (52, 20), (10, 20), (52, -5)):
        column, row = pixel_of(figure, lat, lon)
        assert 0 < column < width and 0 < row < height


def test_the_filter_decides_what_is_drawn(dataset):
    shown = IncidentFilter.from_options(since="2019-09-20").apply(dataset.incidents)
    figure = draw_static_map(dataset, incidents=shown, subtitle="filter: from 2019-09-20", dpi=60)
    texts = _texts(render_static_map(figure, StaticFormat.SVG))
    assert f"{LEGEND_LABELS[0]} (3)" in texts
    assert "24 September 2019 – 29 September 2019 · 3 strikes · filter: from 2019-09-20" in texts


def test_pdf_is_one_a4_page(drawn):
    figure, _, _ = drawn
    pdf = render_static_map(figure, StaticFormat.PDF)
    assert pdf.startswith(b"%PDF-1.") and pdf.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    (box,) = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert [float(v) for v in box] == pytest.approx(A4_PT, abs=0.5)
    assert b"CreationDate" not in pdf and b"matplotlib" not in pdf.lower()


@pytest.mark.parametrize("fmt", list(StaticFormat))
def test_the_same_input_gives_the_same_bytes(dataset, fmt):
    first = render_static_map(draw_static_map(dataset, dpi=72), fmt)
    second = render_static_map(draw_static_map(dataset, dpi=72), fmt)
    assert first == second
    assert b"Matplotlib v" not in first and b"Software" not in first


def test_save_writes_the_format_the_name_ends_in(dataset, tmp_path):
    out = save_static_map(dataset, tmp_path / "map.SVG", dpi=60)
    assert out.read_bytes().startswith(b"<?xml")
    with pytest.raises(
        InvalidQueryError, match=r"must end in \.png, \.svg or \.pdf, got '.*map\.gif'"
    ):
        save_static_map(dataset, tmp_path / "map.gif")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.SVG"]


# --- untrusted text ----------------------------------------------------------------------------

MATH = ("$\\frac{1}{0}$", "$x^2$ and $y$", "$\\frac{$", "$$", "\\$ $\\alpha$ \\mathrm{x}")


def test_report_text_is_shown_verbatim_never_typeset(raw_dataset, write_dataset):
    from tests.payloads import CORPUS

    site_names = [
        "$\\frac{1}{0}$",
        "$x^2$ and $y$",
        "$\\frac{$",
        CORPUS[0],
        "c\x1b[31m\u202et",
        "A" * 5000,
    ]
    for site, name in zip(raw_dataset["sites"], site_names, strict=True):
        site["name"] = name
    raw_dataset["sources"][0]["outlet"] = "$$ \\$ $\\alpha$ \\mathrm{x} Outlet"
    data = load_dataset(write_dataset(raw_dataset))
    figure = draw_static_map(
        data, title="$\\frac{1}{0}$ " + "very long title " * 40, bbox=BoundingBox(-10, 5, 25, 55)
    )
    for fmt in StaticFormat:  # mathtext would fail on "$\frac{$" or typeset a fraction
        assert len(render_static_map(figure, fmt)) > 1000
    texts = _texts(render_static_map(figure, StaticFormat.SVG))
    title = next(t for t in texts if t.startswith("$\\frac{1}{0}$ very long title"))
    assert len(title) == 110 and title.endswith("…")
    credits = next(t for t in texts if t.startswith("Sources:"))
    assert "$$ \\$ $\\alpha$ \\mathrm{x} Outlet" in credits
    shown = [
        "$\\frac{1}{0}$",
        "$x^2$ and $y$",
        "$\\frac{$",
        CORPUS[0],
        "c\\x1b[31m\\u202et",  # control and bidi characters escaped
        "A" * 59 + "…",  # shortened to 60 characters
    ]
    assert [t for t in shown if t not in texts] == []


def test_sites_outside_the_frame_are_not_labelled(dataset):
    far = replace(dataset.sites[0], name="Far away base", lat=-40.0, lon=-70.0)
    data = replace(dataset, sites=(*dataset.sites, far))
    texts = _texts(render_static_map(draw_static_map(data, dpi=50), StaticFormat.SVG))
    assert "Far away base" not in texts


def test_a_map_across_the_antimeridian(dataset):
    fiji = [
        replace(dataset.incidents[0], id="fj-1", lat=-17.8, lon=179.6, country_code="FJ"),
        replace(dataset.incidents[1], id="fj-2", lat=-16.5, lon=-179.8, country_code="FJ"),
    ]
    data = replace(dataset, incidents=tuple(fiji), sites=())
    figure = draw_static_map(data, dpi=50)
    width, height = figure.canvas.get_width_height()
    columns = [pixel_of(figure, i.lat, i.lon)[0] for i in fiji]
    assert all(0 < c < width for c in columns)
    assert abs(columns[0] - columns[1]) < width / 2  # side by side, not at opposite edges


# --- options -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,2,3", "bbox must be four numbers W,S,E,N in degrees such as '2,12,16,38', got '1,2,3'"),
        (
            "a,b,c,d",
            "bbox must be four numbers W,S,E,N in degrees such as '2,12,16,38', got 'a,b,c,d'",
        ),
        ("0,50,10,40", "bbox south (50.0) must be below north (40.0); give W,S,E,N in degrees"),
        ("0,0,200,10", "bbox east must be between -180 and 180, got 200.0"),
        ("0,-95,10,10", "bbox south must be between -90 and 90, got -95.0"),
        ("nan,0,10,10", "bbox west must be finite, got nan"),
        ("5,0,5,10", "bbox west and east are both 5.0; give W,S,E,N in degrees"),
    ],
)
def test_bad_bbox_is_refused(text, message):
    with pytest.raises(InvalidQueryError, match=f"^{re.escape(message)}$"):
        BoundingBox.parse(text)


def test_bbox_across_the_antimeridian():
    box = BoundingBox.parse(" 170, -20, -170, -10 ")
    assert (box.width_deg, box.east_unwrapped) == (20.0, 190.0)


@pytest.mark.parametrize("dpi", [0, 49, 1201, 300.0, True])
def test_bad_dpi_is_refused(dataset, dpi):
    with pytest.raises(InvalidQueryError, match=r"^dpi must be a whole number from 50 to 1200"):
        draw_static_map(dataset, dpi=dpi)
