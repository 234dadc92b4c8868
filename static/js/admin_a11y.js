// Two ARIA names Django's admin widgets leave out (axe-core, WCAG 4.1.2):
// the autocomplete box (Select2) has no accessible name, and the filter
// widgets' search icons carry aria-label on a span without a role. Run after
// the widgets are built (autocomplete on ready, filters on load).
(function () {
  "use strict";

  function name(select) {
    const label = document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "";
  }

  function patch() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const container = select.nextElementSibling;
      const text = name(select);
      if (!container || !text) {
        return;
      }
      container
        .querySelectorAll(".select2-selection, .select2-selection__rendered")
        .forEach(function (box) {
          box.setAttribute("aria-label", text);
        });
    });
    document
      .querySelectorAll("span.help-tooltip[aria-label]:not([role])")
      .forEach(function (icon) {
        icon.setAttribute("role", "img");
      });
  }

  window.addEventListener("load", function () {
    window.setTimeout(patch, 0);
  });
})();
