"""The robustness suite: bad documents and faults thrown at the builder, one table of outcomes.

    python -m chaos [--fast] [--seed N] [--fuzz N]

`make chaos` runs it whole (500 fuzzed PDFs, the 100 MB files, the 1,000-page
PDF, SIGKILL at ten points of a publish); tests/test_chaos_*.py run its fast
part in `make test`. Each case is a function returning `Row`s (chaos.common).
"""
