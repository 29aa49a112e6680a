"""Interchange: what Hallway reads from and writes for other tools: frab/pentabarf and
pyvideo imports, frab/iCal/CSV exports, the CSV round trip of the admin, and webhooks."""
