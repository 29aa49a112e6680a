"""Website views of the follow-up workflow, one module per audience."""
