// Renders every Vega-Lite chart on the page. The data tables work without this; charts only add.
(function () {
  "use strict";
  function render() {
    if (typeof vegaEmbed !== "function") { return; }
    document.querySelectorAll(".vega[data-spec]").forEach(function (el) {
      if (el.getAttribute("data-drawn") === "1") { return; }
      el.setAttribute("data-drawn", "1");
      var spec = JSON.parse(el.getAttribute("data-spec"));
      // Norwegian number format: 1 234 567, decimal comma, 12,5 % (the same as trappa.report.charts.NORWEGIAN_FORMAT).
      // No styles injected by vega-embed or its tooltip: the page's CSP allows no inline style.
      var options = { actions: false, renderer: "svg", ast: true, defaultStyle: false,
        tooltip: { disableDefaultStyle: true },
        formatLocale: { decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", "\u00a0kr"], percent: "\u00a0%" } };
      if (window.vegaInterpreter) { options.expr = window.vegaInterpreter.expressionInterpreter; }
      vegaEmbed(el, spec, options).catch(function (err) { el.textContent = ""; console.error(err); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", render); } else { render(); }
  // Charts that arrive with htmx (the scenario editor) are drawn when they land.
  document.addEventListener("htmx:afterSwap", render);
})();
