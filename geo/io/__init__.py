"""Files in and out.

- :mod:`geo.io.dataset`: curated dataset files and their GeoDataFrames;
- :mod:`geo.io.reports`: report files (text with an optional header);
- :mod:`geo.io.files`: atomic writes;
- :mod:`geo.io.export`: exports to GeoJSON and CSV (:mod:`geo.io.kml`, :mod:`geo.io.gpkg`:
  KML and GeoPackage; :mod:`geo.io.tabular`: what every format shares; :mod:`geo.io.sites`:
  sites files to measure against), :mod:`geo.io.acled`: ACLED's columns and codes;
- :mod:`geo.io.imports`: imports of our GeoJSON and CSV and of ACLED's CSV.
"""
