"""Pages of the cooperation app: one module per concept (agents, projects)."""
