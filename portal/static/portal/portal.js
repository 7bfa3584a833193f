/* OGI Desk portal: small enhancements; every page works without them. The error summary's
   focus and the fields shown for some answers only are static/js/forms.js (every page). */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    // "Add an item" without a round trip (the button also works as a plain submit).
    var add = document.getElementById("add-item");
    var list = document.getElementById("item-list");
    var template = document.getElementById("item-template");
    var total = document.getElementById("id_items-TOTAL_FORMS");
    var max = document.getElementById("id_items-MAX_NUM_FORMS");
    if (add && list && template && total) {
      add.addEventListener("click", function (event) {
        event.preventDefault();
        var n = parseInt(total.value, 10);
        if (max && n >= parseInt(max.value, 10)) { return; }
        var html = template.innerHTML.replace(/__prefix__/g, String(n)).replace(/__number__/g, String(n + 1));
        list.insertAdjacentHTML("beforeend", html);
        total.value = String(n + 1);
        var field = document.getElementById("id_items-" + n + "-description");
        if (field) { field.focus(); }
      });
    }

    // Organisation-only fields: shown when the applicant is not a natural person.
    var kinds = document.querySelectorAll("input[name=kind]");
    var orgOnly = document.querySelectorAll(".org-only");
    function showOrgFields() {
      var checked = document.querySelector("input[name=kind]:checked");
      var person = !checked || checked.value === "natural_person";
      orgOnly.forEach(function (el) { el.hidden = person; });
    }
    if (kinds.length && orgOnly.length) {
      kinds.forEach(function (el) { el.addEventListener("change", showOrgFields); });
      showOrgFields();
    }
  });
})();
