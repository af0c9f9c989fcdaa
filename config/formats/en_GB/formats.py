"""Input formats for British English, the site's language.

Browsers' <input type="date"> and <input type="datetime-local"> send and expect ISO dates
(2026-11-25, 2026-11-25T14:30). Django renders a widget's value in the first input format of
the active locale, which for en-GB is 25/11/2026: a date field would show empty and save as
empty. Putting ISO first here fixes every date field at once; British forms still parse.
Display formats are not defined here, so Django's en-GB ones (25 Nov 2026) stay in use.
"""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
