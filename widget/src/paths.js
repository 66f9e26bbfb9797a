// Path patterns, the rule the server applies too (server/sitetracker/patterns.py):
// `*` stands for any run of characters (`/` included), the rest is literal, the
// pattern covers the whole path, and an empty pattern matches every path. Both sides
// are tested against one table of cases, tests/fixtures/path_patterns.json.

export const pathMatches = (pattern, path) =>
  !pattern ||
  new RegExp("^" + pattern.split("*").map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^]*") + "$").test(path);
