// authprobe report: search, per-API filter, counts and expand/collapse of
// the spec table. The page works without this script: the verdict filters
// and the failures/all switch are plain inputs that CSS obeys; the script
// applies the same filters (plus search and API) and shows the count.
(function () {
  'use strict';
  var body = document.body;
  window.addEventListener('error', function (e) {
    body.setAttribute('data-js-error', String(e && e.message));
  });
  document.documentElement.classList.remove('no-js');
  var specs = Array.prototype.slice.call(document.querySelectorAll('tbody.spec'));
  var search = document.getElementById('spec-search');
  var profile = document.getElementById('profile-filter');
  var failuresOnly = document.getElementById('scope-failures');
  var scopes = Array.prototype.slice.call(document.querySelectorAll('input[name=spec-scope]'));
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input.verdict-filter'));
  var count = document.getElementById('spec-count');
  var none = document.getElementById('no-match');

  function apply() {
    var words = search ? search.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
    var p = profile ? profile.value : '';
    var onlyFailing = failuresOnly ? failuresOnly.checked : false;
    var allowed = {};
    boxes.forEach(function (b) { allowed[b.value] = b.checked; });
    var shown = 0;
    specs.forEach(function (tb) {
      var text = tb.getAttribute('data-search') || '';
      var ok = allowed[tb.getAttribute('data-verdict')] !== false &&
        (!onlyFailing || tb.classList.contains('fails')) &&
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

  // A link to a spec the filters hide (from the contents or a shared URL)
  // shows every spec first.
  function reveal() {
    var el = location.hash && document.getElementById(location.hash.slice(1));
    if (el && el.classList.contains('spec') && el.hidden) {
      scopes.forEach(function (r) { r.checked = r.value === 'all'; });
      boxes.forEach(function (b) { b.checked = true; });
      apply();
      el.scrollIntoView();
    }
  }

  if (search) { search.addEventListener('input', apply); }
  if (profile) { profile.addEventListener('change', apply); }
  scopes.concat(boxes).forEach(function (b) { b.addEventListener('change', apply); });
  var ex = document.getElementById('expand-all');
  var co = document.getElementById('collapse-all');
  if (ex) { ex.addEventListener('click', function () { setOpen(true); }); }
  if (co) { co.addEventListener('click', function () { setOpen(false); }); }
  window.addEventListener('hashchange', reveal);
  apply();
  reveal();
  body.setAttribute('data-plots', String(document.querySelectorAll('svg.plot').length));
  body.setAttribute('data-ready', 'true');
}());
