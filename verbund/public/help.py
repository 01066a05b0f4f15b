"""Page help of the public site's internal pages is registered in each part's ``help.py``."""
