"""Batch extraction at archive scale on Dask (``strikemap batch``).

- :mod:`geo.batch.run`: :func:`run_batch`, the whole batch (scan, extract on a cluster, link
  in one pass, write GeoParquet and the failures);
- :mod:`geo.batch.sources`: reading a folder, JSON-lines or Parquet archive;
- :mod:`geo.batch.work`: what a Dask worker runs;
- :mod:`geo.batch.state`: the record that makes a killed batch resumable.
"""

from geo.batch.run import BatchError, BatchResult, default_out, run_batch
from geo.batch.sources import BatchInputError

__all__ = ["BatchError", "BatchInputError", "BatchResult", "default_out", "run_batch"]
