// Test only: the page at 320 CSS px is the iframe's (headless Chromium's windows are at least 500 px wide); copies
// what measure-uptime.js found inside it into this document, where --dump-dom reads it.
(function copy() {
  const frame = document.getElementById('frame');
  const found = frame.contentDocument && frame.contentDocument.getElementById('measure');
  if (!found) {
    setTimeout(copy, 50);
    return;
  }
  const out = document.createElement('pre');
  out.id = 'measure';
  out.textContent = found.textContent;
  document.body.appendChild(out);
})();
