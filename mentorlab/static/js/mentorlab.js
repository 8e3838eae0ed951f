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

// A form marked data-submit-once (run, publish) disables its buttons once submitted, so a
// double click sends one request. The server refuses a second one anyway.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-submit-once")) {
    return;
  }
  if (form.dataset.submitted === "true") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "true";
  // After this event: disabling the button now would drop its name/value from the request.
  window.setTimeout(() => {
    for (const button of form.querySelectorAll("button[type=submit], button:not([type])")) {
      button.disabled = true;
      button.setAttribute("aria-disabled", "true");
    }
  }, 0);
});

// Back to a page kept in the browser's memory: its once-only forms can be sent again.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) {
    return;
  }
  for (const form of document.querySelectorAll("form[data-submit-once]")) {
    delete form.dataset.submitted;
    for (const button of form.querySelectorAll("button")) {
      button.disabled = false;
      button.removeAttribute("aria-disabled");
    }
  }
});
