// Small behaviours of the pages. The Content-Security-Policy allows no inline script and no
// on*= attributes, so pages mark elements with data-* attributes and this file acts on them.
"use strict";

document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (target) {
    event.preventDefault();
    window.print();
  }
});
