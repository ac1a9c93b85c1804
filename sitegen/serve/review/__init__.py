"""Review in the preview: accept, reject or edit machine proposals from the page; each decision
is written to the document's curated YAML and the live rebuild shows it."""
