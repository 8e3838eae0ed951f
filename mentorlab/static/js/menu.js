/* The menu button on small screens. A static file, so a Content-Security-Policy without
   inline scripts allows it. Without JavaScript the menu simply stays open (the CSS hides it
   only under the "js" class this file sets). */
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".menu-button");
  if (!button) return;
  var menu = document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.setAttribute("data-open", open ? "true" : "false");
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  // Escape closes the open menu and gives the focus back to its button.
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
});
