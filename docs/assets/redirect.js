// Redirect pages for renamed entries: go to the new page and keep the #anchor
// (a meta refresh alone drops it). External, so the page needs no inline script.
(function () {
  var target = document.querySelector('link[rel="canonical"]');
  if (target) location.replace(target.getAttribute("href") + location.hash);
})();
