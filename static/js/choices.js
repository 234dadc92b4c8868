// Searchable choices: a select the server rendered with data-choices-url (more
// than 50 rows) becomes a Tom Select whose options load, scoped to the user,
// from that JSON endpoint as the user types. Local vendor copy, no inline
// script (CSP). Rows added later by htmx are set up too.
(function () {
  "use strict";
  function setUp(root) {
    if (!window.TomSelect) { return; }
    root.querySelectorAll("select[data-choices-url]").forEach(function (select) {
      if (select.tomselect) { return; }
      var url = select.dataset.choicesUrl;
      // Tom Select moves the label to its own input; the hidden select keeps
      // an accessible name (axe: select-name).
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      if (label && !select.hasAttribute("aria-label")) {
        select.setAttribute("aria-label", label.textContent.trim());
      }
      new window.TomSelect(select, {
        valueField: "value",
        labelField: "text",
        searchField: ["text"],
        maxOptions: 50,
        loadThrottle: 250,
        preload: "focus",
        allowEmptyOption: true,
        load: function (query, callback) {
          fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
            .then(function (response) { return response.json(); })
            .then(function (data) { callback(data.results); })
            .catch(function () { callback(); });
        },
        render: {
          no_results: function () { return '<div class="no-results">没有匹配的选项</div>'; },
          loading: function () { return '<div class="spinner-border spinner-border-sm m-2" role="status"><span class="visually-hidden">加载中</span></div>'; }
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) { setUp(event.detail.elt); });
})();
