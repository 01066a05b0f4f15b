"""The homepage part of the public site: centre homepages, the municipality portal and the
municipality's legal pages (imprint, privacy notice, accessibility statement)."""
