// Test only: runs axe-core (loaded just before this file) on the page and writes what it found into the DOM, where
// Chromium's --dump-dom reads it. WCAG 2.0-2.2 A and AA rules, and axe's best practices (landmark-unique among them).
axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  resultTypes: ['violations']
}).then(results => report({
  version: axe.version,
  violations: results.violations.map(v => ({
    id: v.id, impact: v.impact, tags: v.tags, help: v.help,
    nodes: v.nodes.map(n => ({ target: n.target, summary: n.failureSummary }))
  }))
})).catch(e => report({ error: String(e) }));

function report(value) {
  const out = document.createElement('pre');
  out.id = 'axe-results';
  out.textContent = JSON.stringify(value);
  document.body.appendChild(out);
}
