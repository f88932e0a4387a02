"""The web: a public interactive staircase for citizens and (later) a dashboard for staff."""
