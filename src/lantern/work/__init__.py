"""What is waiting for a person: every step, request, decision, action and returned
referral they must act on, from the pathways' declarations (the `workflow` kernel)."""
