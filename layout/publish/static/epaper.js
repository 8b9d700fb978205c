/* broadsheet e-paper: a headline in 本版标题导航 and its hot zone light up together;
   the arrow keys turn the page (上一版 / 下一版). No framework; the site works without it. */
(function () {
  'use strict';
  function mark(id, on) {
    var els = document.querySelectorAll('[data-article="' + id + '"]');
    for (var i = 0; i < els.length; i++) els[i].classList.toggle('hl', on);
  }
  var items = document.querySelectorAll('[data-article]');
  for (var i = 0; i < items.length; i++) {
    (function (el) {
      var id = el.getAttribute('data-article');
      el.addEventListener('mouseenter', function () { mark(id, true); });
      el.addEventListener('mouseleave', function () { mark(id, false); });
      el.addEventListener('focus', function () { mark(id, true); });
      el.addEventListener('blur', function () { mark(id, false); });
    })(items[i]);
  }
  document.addEventListener('keydown', function (ev) {
    var t = ev.target && ev.target.tagName;
    if (t === 'INPUT' || t === 'TEXTAREA' || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var rel = ev.key === 'ArrowLeft' ? 'prev' : ev.key === 'ArrowRight' ? 'next' : '';
    var link = rel && document.querySelector('.pager a[rel="' + rel + '"]');
    if (link) location.href = link.getAttribute('href');
  });
})();
