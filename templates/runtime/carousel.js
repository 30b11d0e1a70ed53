/* ---------- carousel: WAI-ARIA APG carousel without rotation, each slide tracked the first time
   it is shown ----------
   Only packages whose course has a carousel block hold this file; the setup returns widgets as
   tabs.js says. */

cp.widgets.push(function carousels(rt) {
  return all('[data-cp-carousel]').map(function (root) {
    var slides = all('[data-cp-item]', root);
    var prev = first('data-cp-slide-prev', root);
    var next = first('data-cp-slide-next', root);
    var pos = first('data-cp-slide-position', root);
    var dots = all('[data-cp-slide-dot]', root);
    var at = 0;
    if (!slides.length) return null;
    function go(i) {
      at = Math.max(0, Math.min(slides.length - 1, i));
      slides.forEach(function (s, k) {
        show(s, k === at);
        s.setAttribute('aria-label', rt.t('slideOf', { k: k + 1, n: slides.length }));
      });
      if (prev) prev.setAttribute('aria-disabled', String(at === 0));
      if (next) next.setAttribute('aria-disabled', String(at === slides.length - 1));
      if (pos) pos.textContent = rt.t('slideOf', { k: at + 1, n: slides.length });
      dots.forEach(function (d, k) { if (k === at) d.setAttribute('data-cp-current', ''); else d.removeAttribute('data-cp-current'); });
      if (seenIn(rt, root, 'data-cp-carousel', slides[at])) rt.sync();
    }
    if (prev) prev.addEventListener('click', function () { if (at > 0) go(at - 1); });
    if (next) next.addEventListener('click', function () { if (at < slides.length - 1) go(at + 1); });
    go(0);
    return {
      root: root,
      shown: function () { seenIn(rt, root, 'data-cp-carousel', slides[at]); },
      reveal: function (el) {
        var k = slides.findIndex(function (s) { return s.contains(el); });
        if (k >= 0 && k !== at) go(k);
      }
    };
  }).filter(Boolean);
});
