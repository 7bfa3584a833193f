/* OGI Desk portal: small enhancements; every page works without them. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    // Bring keyboard and screen-reader users to the list of errors after a failed submit.
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }

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

    // Intake: show the date fields that apply to the channel chosen.
    var channels = document.querySelectorAll("input[name=channel]");
    function showChannelFields() {
      var checked = document.querySelector("input[name=channel]:checked");
      var value = checked ? checked.value : "";
      document.querySelectorAll("[data-channel]").forEach(function (el) {
        el.hidden = el.getAttribute("data-channel").split(" ").indexOf(value) < 0;
      });
    }
    if (channels.length) {
      channels.forEach(function (el) { el.addEventListener("change", showChannelFields); });
      showChannelFields();
    }
  });
})();
