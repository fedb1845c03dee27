"""Files in and out.

- :mod:`geo.io.dataset`: curated dataset files and their GeoDataFrames;
- :mod:`geo.io.reports`: report files (text with an optional header);
- :mod:`geo.io.files`: atomic writes.
"""
