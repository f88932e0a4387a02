// Renders every Vega-Lite chart on the page. The data tables work without this; charts only add.
(function () {
  "use strict";
  function render() {
    if (typeof vegaEmbed !== "function") { return; }
    document.querySelectorAll(".vega[data-spec-id]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-spec-id"));
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      // Norwegian number format: 1 234 567 and decimal comma.
      var options = { actions: false, renderer: "svg", ast: true,
        formatLocale: { decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", "\u00a0kr"] } };
      if (window.vegaInterpreter) { options.expr = window.vegaInterpreter.expressionInterpreter; }
      vegaEmbed(el, spec, options).catch(function (err) { el.textContent = ""; console.error(err); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", render); } else { render(); }
})();
