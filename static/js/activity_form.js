// Show only the fields the chosen kind asks for (no inline script: CSP-friendly).
(function () {
  "use strict";
  function update(form) {
    var kind = form.querySelector("[name=kind]");
    var groups = (JSON.parse(form.dataset.kindGroups)[kind.value] || "").split(" ");
    form.querySelectorAll("[data-kind-group]").forEach(function (input) {
      var wanted = input.dataset.kindGroup.split(" ").some(function (g) {
        return groups.indexOf(g) !== -1;
      });
      input.closest(".sx-field").hidden = !wanted;
    });
    var policy = (groups.indexOf("policy") !== -1);
    form.querySelectorAll("[data-label-policy]").forEach(function (input) {
      var label = input.closest(".sx-field").querySelector("label");
      if (label && label.firstChild) {
        label.firstChild.nodeValue = policy ? input.dataset.labelPolicy : input.dataset.labelOther;
      }
    });
    form.querySelectorAll("[data-kind-section]").forEach(function (section) {
      var kinds = section.dataset.kindSection.split(" ");
      section.hidden = kinds.indexOf(kind.value) === -1;
    });
  }
  // Problem rows are optional: one is shown, more are added on demand from
  // the formset's empty form.
  function addProblem(form) {
    var total = form.querySelector("[name$=-TOTAL_FORMS]");
    var template = form.querySelector("template[data-problem-template]");
    var html = template.innerHTML.replace(/__prefix__/g, total.value);
    form.querySelector("[data-problem-rows]").insertAdjacentHTML("beforeend", html);
    total.value = parseInt(total.value, 10) + 1;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-add-problem]").forEach(function (button) {
      button.addEventListener("click", function () {
        addProblem(button.closest("form"));
      });
    });
    document.querySelectorAll("form[data-kind-groups]").forEach(function (form) {
      update(form);
      form.querySelector("[name=kind]").addEventListener("change", function () {
        update(form);
      });
    });
  });
})();
