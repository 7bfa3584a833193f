/* The redaction screen: draw a box with the mouse, or select text on the page.
   Without this script the page still works (boxes typed in points, text found by words).
   A drawn box fills the box form's four numbers, in points from the page's top left; a
   text selection fills the text form with the first and last character's index in the
   page's text layer, and the server makes one box per line the selection runs over. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var sheet = document.querySelector(".redact .sheet");
    if (!sheet) return;
    var widthPt = parseFloat(sheet.dataset.width);
    var heightPt = parseFloat(sheet.dataset.height);
    var svg = sheet.querySelector("svg.marks");
    var drawn = svg.querySelector("rect.drawn");
    var layer = sheet.querySelector(".textlayer");
    var boxForm = document.querySelector(".box-form");
    var textTool = document.getElementById("text-tool");
    var help = document.querySelector(".redact-help");
    var spans = Array.prototype.slice.call(layer.querySelectorAll("span[data-i]"));

    sheet.classList.add("enhanced");
    if (help) help.hidden = false;

    /* The text layer: each character where the page draws it, invisible but selectable. */
    function placeText() {
      var pxPerPt = sheet.clientWidth / widthPt;
      spans.forEach(function (span) {
        var b = span.dataset.box.split(",").map(parseFloat);
        span.style.left = b[0] + "%";
        span.style.top = b[1] + "%";
        span.style.width = b[2] + "%";
        span.style.height = b[3] + "%";
        span.style.fontSize = (parseFloat(span.dataset.size) * pxPerPt * 0.95) + "px";
      });
    }
    if (spans.length) {
      layer.hidden = false;
      textTool.hidden = false;
      placeText();
      window.addEventListener("resize", placeText);
    }

    function toPoints(event) {
      var rect = svg.getBoundingClientRect();
      var x = (event.clientX - rect.left) / rect.width * widthPt;
      var y = (event.clientY - rect.top) / rect.height * heightPt;
      return [Math.min(Math.max(x, 0), widthPt), Math.min(Math.max(y, 0), heightPt)];
    }

    function field(name) { return boxForm.querySelector("[name='box-" + name + "']"); }

    /* Drawing: a drag that does not start on a character draws a box. */
    var start = null;
    sheet.addEventListener("pointerdown", function (event) {
      if (event.button !== 0 || (event.target.closest && event.target.closest(".textlayer span"))) return;
      start = toPoints(event);
      sheet.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    sheet.addEventListener("pointermove", function (event) {
      if (!start) return;
      var p = toPoints(event);
      var x0 = Math.min(start[0], p[0]), y0 = Math.min(start[1], p[1]);
      drawn.setAttribute("x", x0 / widthPt * 100 + "%");
      drawn.setAttribute("y", y0 / heightPt * 100 + "%");
      drawn.setAttribute("width", Math.abs(p[0] - start[0]) / widthPt * 100 + "%");
      drawn.setAttribute("height", Math.abs(p[1] - start[1]) / heightPt * 100 + "%");
    });
    sheet.addEventListener("pointerup", function (event) {
      if (!start) return;
      var p = toPoints(event);
      var box = [Math.min(start[0], p[0]), Math.min(start[1], p[1]),
                 Math.max(start[0], p[0]), Math.max(start[1], p[1])];
      start = null;
      if (box[2] - box[0] < 2 || box[3] - box[1] < 2) return;  /* a click, not a box */
      ["x0", "y0", "x1", "y1"].forEach(function (name, n) {
        field(name).value = box[n].toFixed(1);
      });
      field("ground").focus();
    });

    /* Selecting text: the characters the selection covers, first to last. */
    var picked = textTool.querySelector(".picked");
    var startInput = textTool.querySelector("[name='text-start']");
    var endInput = textTool.querySelector("[name='text-end']");
    document.addEventListener("selectionchange", function () {
      var selection = document.getSelection();
      if (!selection || selection.isCollapsed || !layer.contains(selection.anchorNode)) return;
      var chosen = spans.filter(function (span) { return selection.containsNode(span, true); });
      spans.forEach(function (span) { span.classList.remove("chosen"); });
      if (!chosen.length) return;
      chosen.forEach(function (span) { span.classList.add("chosen"); });
      var first = parseInt(chosen[0].dataset.i, 10);
      var last = parseInt(chosen[chosen.length - 1].dataset.i, 10);
      startInput.value = first;
      endInput.value = last + 1;
      picked.textContent = chosen.map(function (span) { return span.textContent; }).join("");
    });
  });
})();
