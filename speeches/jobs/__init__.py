"""Background jobs: long work (imports, rebuilds, Word files, the 热门 fold-in) run as tasks.

`models` holds the Job table the admin lists, `runner` tracks a task's progress and
retries it, `tasks` defines the tasks. See docs/jobs.md.
"""
