"""Demo data: the conference of Hallway's story, and generated conferences for benchmarks.

- story.py: PyTennessee 2015, imported from pytennessee-2015.json (a frab schedule.json)
  by the real importer, plus the little the format cannot carry; loading it again
  changes nothing.
- generated.py: `loaddemo --size large|catalogue`, deterministic for a seed.
"""

from talks.demo.generated import SIZES, demo_uuid, load_generated
from talks.demo.story import DEMO_PASSWORD, load_accounts, load_story

__all__ = ["DEMO_PASSWORD", "SIZES", "demo_uuid", "load_accounts", "load_generated", "load_story"]
