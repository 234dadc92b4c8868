// The petition handling form shows only the fields of the chosen next stage
// (the server keeps only those once submitted). No inline script: CSP-clean.
(function () {
  "use strict";
  function update(row) {
    var to = row.querySelector("[name=to]");
    row.querySelectorAll("[data-stage]").forEach(function (cell) {
      cell.hidden = cell.dataset.stage !== to.value;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-stage-fields]").forEach(function (row) {
      update(row);
      row.querySelector("[name=to]").addEventListener("change", function () {
        update(row);
      });
    });
  });
})();
