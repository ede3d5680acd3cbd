// On the translation report: a link that exports what the report lists (its language and
// state filters) for translators. Without JavaScript the export page offers the same choice.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var exportUrl = script.getAttribute("data-export-url");
  var label = script.getAttribute("data-label");
  document.addEventListener("DOMContentLoaded", function () {
    if (!/\/reports\/translation-status\/$/.test(window.location.pathname)) { return; }
    var header = document.querySelector("header .w-header, header");
    if (!header) { return; }
    var query = new URLSearchParams(window.location.search);
    var params = new URLSearchParams({ scope: "report" });
    ["language", "state"].forEach(function (name) {
      if (query.get(name)) { params.set(name, query.get(name)); }
    });
    var link = document.createElement("a");
    link.className = "button button-secondary";
    link.href = exportUrl + "?" + params.toString();
    link.textContent = label;
    link.setAttribute("data-exchange-export-link", "");
    header.appendChild(link);
  });
})();
