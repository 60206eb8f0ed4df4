// authprobe report: filtering, search and expand/collapse of the spec
// table. Everything works without this script; it only adds interaction.
(function () {
  'use strict';
  var body = document.body;
  window.addEventListener('error', function (e) {
    body.setAttribute('data-js-error', String(e && e.message));
  });
  var specs = Array.prototype.slice.call(document.querySelectorAll('tbody.spec'));
  var search = document.getElementById('spec-search');
  var profile = document.getElementById('profile-filter');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input.verdict-filter'));
  var count = document.getElementById('spec-count');
  var none = document.getElementById('no-match');

  function apply() {
    var words = search ? search.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
    var p = profile ? profile.value : '';
    var allowed = {};
    boxes.forEach(function (b) { allowed[b.value] = b.checked; });
    var shown = 0;
    specs.forEach(function (tb) {
      var text = tb.getAttribute('data-search') || '';
      var ok = allowed[tb.getAttribute('data-verdict')] !== false &&
        (p === '' || tb.getAttribute('data-profile') === p) &&
        words.every(function (w) { return text.indexOf(w) >= 0; });
      tb.hidden = !ok;
      if (ok) { shown++; }
    });
    if (count) { count.textContent = shown + ' of ' + specs.length + ' specs'; }
    if (none) { none.hidden = shown !== 0 || specs.length === 0; }
    body.setAttribute('data-shown', String(shown));
  }

  function setOpen(open) {
    specs.forEach(function (tb) {
      if (tb.hidden) { return; }
      Array.prototype.forEach.call(tb.querySelectorAll('details'), function (d) { d.open = open; });
    });
  }

  if (search) { search.addEventListener('input', apply); }
  if (profile) { profile.addEventListener('change', apply); }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  var ex = document.getElementById('expand-all');
  var co = document.getElementById('collapse-all');
  if (ex) { ex.addEventListener('click', function () { setOpen(true); }); }
  if (co) { co.addEventListener('click', function () { setOpen(false); }); }

  // Open the evidence of failures by default: that is what a reader wants.
  specs.forEach(function (tb) {
    var v = tb.getAttribute('data-verdict');
    if (v === 'FAILED' || v === 'UNEXPECTED-PASS') {
      Array.prototype.forEach.call(tb.querySelectorAll('details'), function (d) { d.open = true; });
    }
  });
  apply();
  body.setAttribute('data-plots', String(document.querySelectorAll('svg.plot').length));
  body.setAttribute('data-ready', 'true');
}());
