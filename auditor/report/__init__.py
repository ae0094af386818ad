"""Reports: one view model (`view`), rendered by Jinja templates (`render`)."""
