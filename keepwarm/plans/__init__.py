"""The planner's shell: the snapshot adapter, the cached plan, and the agenda actions."""
