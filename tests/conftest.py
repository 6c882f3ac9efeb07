"""Hypothesis profiles: how many examples the property-based tests run.

BRIEFGEN_FUZZ picks one: "default" (unset, 60 examples) keeps `make test` under three minutes; "long" (`make fuzz`)
runs each property of tests/test_fuzz.py 20 000 times. Tests that set their own
max_examples (tests/test_annotations.py) keep it under either profile.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

FUZZ_PROFILE = "BRIEFGEN_FUZZ"

# Examples build large inputs on purpose (huge spans, files written to disk): neither
# their size nor their time is a problem to report.
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

settings.register_profile("default", max_examples=60, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("long", max_examples=20_000, deadline=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get(FUZZ_PROFILE) or "default")
