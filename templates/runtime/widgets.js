/* ---------- widgets: tabs, carousels and accordions, each item tracked the first time it is shown ----------
   Each setup function receives the core's `rt` and returns the widgets it made: {root, shown,
   reveal}, where `shown()` counts the visible item when the widget's lesson appears and
   `reveal(el)` shows the item holding `el` (a link led there). */

/** Marks the item `itemEl` of the block `root` (attribute `attr` names the group) as seen. */
function seenIn(rt, root, attr, itemEl) {
  var g = rt.groupById[root.getAttribute(attr)];
  if (!g || !itemEl || !rt.inCurrent(root)) return false;
  return rt.markItem(g, itemEl.getAttribute('data-cp-item'));
}

// Tabs: WAI-ARIA APG tabs with automatic activation.
cp.widgets.push(function tabs(rt) {
  return all('[data-cp-tabs]').map(function (root) {
    var list = all('[role="tab"]', root);
    if (!list.length) return null;
    var sel = Math.max(0, list.findIndex(function (tb) { return tb.getAttribute('aria-selected') === 'true'; }));
    function panel(tb) { return doc.getElementById(tb.getAttribute('aria-controls')); }
    function select(i, focus) {
      sel = i;
      list.forEach(function (tb, k) {
        tb.setAttribute('aria-selected', String(k === i));
        tb.tabIndex = k === i ? 0 : -1;
        show(panel(tb), k === i);
      });
      if (focus) list[i].focus();
      if (seenIn(rt, root, 'data-cp-tabs', list[i])) rt.sync();
    }
    list.forEach(function (tb, k) {
      tb.addEventListener('click', function () { select(k, true); });
      tb.addEventListener('keydown', function (e) {
        var rtl = getComputedStyle(root).direction === 'rtl';
        var n = list.length;
        var to = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[e.key];
        var i = to ? (sel + to + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
        if (i < 0) return;
        e.preventDefault();
        select(i, true);
      });
    });
    select(sel, false);
    return {
      root: root,
      shown: function () { seenIn(rt, root, 'data-cp-tabs', list[sel]); },
      reveal: function (el) {
        var k = list.findIndex(function (tb) { var p = panel(tb); return tb === el || (p && p.contains(el)); });
        if (k >= 0 && k !== sel) select(k, false);
      }
    };
  }).filter(Boolean);
});

// Carousel: WAI-ARIA APG carousel without rotation.
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

// Accordion: heading buttons toggle their region; panels open independently.
cp.widgets.push(function accordions(rt) {
  return all('[data-cp-accordion]').map(function (root) {
    var panels = all('button[aria-expanded][data-cp-item]', root).map(function (btn) {
      var region = doc.getElementById(btn.getAttribute('aria-controls'));
      function toggle(open) {
        btn.setAttribute('aria-expanded', String(open));
        show(region, open);
        if (open && seenIn(rt, root, 'data-cp-accordion', btn)) rt.sync();
      }
      btn.setAttribute('aria-expanded', 'false');
      show(region, false);
      btn.addEventListener('click', function () { toggle(btn.getAttribute('aria-expanded') !== 'true'); });
      return { button: btn, region: region, open: function () { if (btn.getAttribute('aria-expanded') !== 'true') toggle(true); } };
    });
    return {
      root: root,
      reveal: function (el) {
        panels.forEach(function (p) { if (p.button === el || (p.region && p.region.contains(el))) p.open(); });
      }
    };
  });
});
