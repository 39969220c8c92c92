"""Sales insights for managers: the orders history, the demand forecast and its charts."""
