"""The colours of the three parts of a score, shared by the window, the report and charts.

Plain hex strings, so that every layer can use them (the window through Qt, the PDFs
through reportlab) and the screen and the paper always agree.
"""

PRICE_COLOUR = "#4A6FA5"
QUALITY_COLOUR = "#8C6BB1"
SOCIAL_VALUE_COLOUR = "#2E8B57"
