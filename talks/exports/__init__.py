"""Exports of a conference's released schedule and talks: frab XML/JSON and CSV.

Pure functions over the selectors in talks.exports.selectors; the views in
talks.exports.views add HTTP caching, ETags and CORS.
"""
