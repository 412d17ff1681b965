"""What is waiting for a person: every step, request, decision, action and returned
referral they must act on, from the pathways' declarations (the `workflow` kernel).

- items.py: WorkItem, what every source returns;
- selectors.py: work_for(user), the one list (My work and GET /api/v1/me/work), kept
  between visits until anything in the partnership changes (issue 13), and the count the
  navigation shows;
- owned.py: the actions a person owns (the tracker's "mine");
- display.py: My work's sections (overdue, due soon, later, no date) and tags;
- links.py: case_url(case), the page of each pathway;
- middleware.py: forgets the kept lists and counts when anyone changes anything.
"""
