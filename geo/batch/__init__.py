"""Batch extraction at archive scale on Dask (``strikemap batch``)."""
