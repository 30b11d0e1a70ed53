/* ---------- tabs: WAI-ARIA APG tabs with automatic activation, each tab tracked the first time
   it is shown ----------
   Only packages whose course has a tabs block hold this file. A widget setup receives the core's
   `rt` and returns the widgets it made: {root, shown, reveal}, where `shown()` counts the visible
   item when the widget's lesson appears and `reveal(el)` shows the item holding `el` (a link led
   there). */

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
