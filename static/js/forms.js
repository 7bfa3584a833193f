/* OGI Desk forms, staff and applicant alike: small enhancements; every form works without them. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The value a field of the form has now: the checked radio, or the select's or input's value.
  function valueOf(form, name) {
    var fields = form.querySelectorAll("[name='" + name + "']");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (field.type !== "radio" && field.type !== "checkbox") { return field.value; }
      if (field.checked) { return field.value; }
    }
    return "";
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Bring keyboard and screen-reader users to the list of errors after a failed submit.
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }

    // Fields needed only for some answers to another field (data-when / data-values): shown
    // while that field has one of those values. The server ignores them for other answers.
    document.querySelectorAll("form").forEach(function (form) {
      var dependants = form.querySelectorAll("[data-when]");
      if (!dependants.length) { return; }
      function show() {
        dependants.forEach(function (el) {
          var values = el.getAttribute("data-values").split(" ");
          el.hidden = values.indexOf(valueOf(form, el.getAttribute("data-when"))) < 0;
        });
      }
      form.addEventListener("change", show);
      show();
    });
  });
})();
