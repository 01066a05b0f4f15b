"""The signals part of the public site: "Was fehlt Ihnen?" and the language of public pages."""
