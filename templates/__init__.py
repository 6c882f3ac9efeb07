"""Built-in templates and theme, shipped inside the package as briefgen.templates."""
