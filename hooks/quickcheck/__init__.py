"""Quick Check blocks: parse the Markdown, validate it, render quiz HTML.

Plain Python with no MkDocs import, so that a Markdown extension or another
site generator could call the same steps; `hooks/quick_checks.py` is the glue.
"""
