"""The engine is pure Python: dates in, dates out, no Django (style.md, 'Where logic lives')."""

import ast
import subprocess
import sys
from pathlib import Path

import lantern.clock.engine

ENGINE = Path(lantern.clock.engine.__file__).parent

BLOCK_DJANGO = """
import importlib.abc, sys

class NoDjango(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "django" or name.startswith("django."):
            raise ImportError("the clock engine must not import Django: " + name)
        return None

sys.meta_path.insert(0, NoDjango())
import lantern.clock.engine as engine
from datetime import date
planned = engine.schedule(engine.TIMETABLES["rapid-review"], date(2026, 12, 21))
many = engine.schedule_many(engine.TIMETABLES["rapid-review"], [date(2026, 12, 21)] * 3)
assert [p.due for p in planned] == [dates.due[2].item() for dates in many.values()]
assert not any(m == "django" or m.startswith("django.") for m in sys.modules)
print(len(planned))
"""


def test_engine_imports_and_runs_with_django_unimportable():
    """The engine imports nothing from Django, directly or through what it imports; nor
    does its batch form (issue 13)."""
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_DJANGO], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "6"


def test_no_engine_module_names_django_or_the_rest_of_lantern():
    """Read every engine module's imports: the standard library, holidays, numpy, itself."""
    for module in sorted(ENGINE.glob("*.py")):
        tree = ast.parse(module.read_text(), filename=str(module))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: inside the engine
                    continue
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(("django", "lantern")), f"{module.name}: {name}"
