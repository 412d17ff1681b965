# The SAR fixtures (a partnership, its people, a referral at each stage) serve the kernel's
# tests too: the SAR runs the most steps and both kinds of actor.
from tests.adults.conftest import *  # noqa: F403
from tests.adults.conftest import _today  # noqa: F401  (autouse: "today" is fixed)
