// Test only: measures the uptime bars as laid out (at whatever window size Chromium was given) and writes the
// figures into the DOM, where --dump-dom reads them. Each path is a run of days, a 3-unit dash every 5 units.
(function () {
  const svg = document.querySelector('svg.sp-bars');
  const box = svg.getBoundingClientRect();
  let narrowest = Infinity;
  let visibleDays = 0;
  for (const path of svg.querySelectorAll('path')) {
    const days = Math.round((path.getTotalLength() - 3) / 5) + 1;
    const start = path.getPointAtLength(0);
    const ctm = path.getScreenCTM();
    for (let k = 0; k < days; k++) {
      const a = new DOMPoint(start.x + 5 * k, start.y).matrixTransform(ctm);
      const b = new DOMPoint(start.x + 5 * k + 3, start.y).matrixTransform(ctm);
      if (a.x >= box.left - 0.5 && b.x <= box.right + 0.5) {
        visibleDays++;
        narrowest = Math.min(narrowest, b.x - a.x);
      }
    }
  }
  const shown = s => getComputedStyle(document.querySelector(s)).display !== 'none';
  const out = document.createElement('pre');
  out.id = 'measure';
  out.textContent = JSON.stringify({
    innerWidth: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    svgWidth: box.width,
    narrowestDay: narrowest,
    visibleDays: visibleDays,
    legend90: shown('.sp-l90'),
    legend30: shown('.sp-l30')
  });
  document.body.appendChild(out);
})();
