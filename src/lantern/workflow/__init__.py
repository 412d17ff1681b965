"""The workflow kernel: every pathway's steps declared once (declarations.py), checked by
one function (gates.step_problems), recorded by one service (services.step_record) and
listed for the people who must act (selectors.steps_waiting_for)."""
