"""Exports of a conference's released schedule and talks: frab XML/JSON and CSV.

Pure functions over the selectors in talks.interchange.exports.selectors; the views in
talks.views.exports add HTTP caching, ETags and CORS.
"""
