"""The weekly report: data from warehouse queries, charts, and HTML/Markdown/JSON rendering."""
