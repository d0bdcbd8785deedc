"""The JSON API under /api/v1/ (Django REST framework), described in docs/api.md.

Readers' endpoints show only what readers may see: every queryset starts from the one
visibility rule (speeches/querysets.py), and the speech's parts come from the same code
as the speech page. Staff write through speeches/workflow.py with a token.
"""
