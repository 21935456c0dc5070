"""Benchmarks (not part of ``make test``): ``python -m benchmarks.solvers``, ``benchmarks.model``,
``benchmarks.sweeps``.

Importing the package pins every BLAS/OpenMP runtime to one thread, before any benchmark module
imports numpy, so each benchmark measures one core.
"""

import os

for _variable in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
):
    os.environ[_variable] = "1"
