"""Follow-ups: what an attendee wants from a talk's speakers after the talk.

services (writes) and selectors (reads) are shared by the website (views), the API (api)
and the background tasks (tasks, which send the e-mail that mail.py composes).
"""
