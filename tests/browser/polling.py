"""Waiting for a condition in the page under the site's Content-Security-Policy.

Playwright's `wait_for_function` evaluates its predicate string with eval inside the page,
which our CSP (no 'unsafe-eval') refuses; `page.evaluate` goes through the DevTools
protocol and is not subject to it.
"""


def wait_until(page, expression, timeout=15_000):
    for _ in range(timeout // 100):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {expression}")
