"""What is waiting for a person: every step, request, decision, action and returned
referral they must act on, from the pathways' declarations (the `workflow` kernel).

- items.py: WorkItem, what every source returns;
- selectors.py: work_for(user), the one list (My work and GET /api/v1/me/work), and the
  count the navigation shows;
- owned.py: the actions a person owns (the tracker's "mine");
- display.py: My work's sections (overdue, due soon, later, no date) and tags;
- links.py: case_url(case), the page of each pathway;
- middleware.py: forgets the navigation's count when the person changes anything.
"""
