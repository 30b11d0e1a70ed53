/* ---------- accordion: heading buttons toggle their region; panels open independently, each
   tracked the first time it is opened ----------
   Only packages whose course has an accordion block hold this file; the setup returns widgets
   as tabs.js says. */

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
