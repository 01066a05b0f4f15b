"""Views of the network app, one module per part (organisations, contacts, assessments,
bodies, the graph); each is a thin TenantView (rule 3)."""
