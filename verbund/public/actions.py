"""Action codes of the public site's parts are registered in each part's ``actions.py``."""
