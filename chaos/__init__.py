"""The robustness suite: bad documents and faults thrown at the builder, hostile input and load thrown
at the running service, one table of outcomes.

    python -m chaos [--fast] [--seed N] [--fuzz N] [--requests N]

`make chaos` runs it whole (500 fuzzed PDFs, the 100 MB files, the 1,000-page
PDF, SIGKILL at twenty points of a publish, a server reading through ten
switches, 100,000 fuzzed requests, slow clients and runaway queries);
tests/test_chaos_*.py run its fast part in `make test`. Each case is a
function returning `Row`s (chaos.common).
"""
