"""``placement-bench``: load worlds over HTTP and measure the service.

See ``doc/benchmarks.rst`` for how to run it and the recorded results.
"""
