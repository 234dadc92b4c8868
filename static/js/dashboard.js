// The dashboard's trend chart: ECharts from the local vendor folder, data from
// the scoped JSON endpoint named in data-url (no inline script: CSP-friendly).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("sx-trend");
    if (!box || !window.echarts) { return; }
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var chart = window.echarts.init(box);
        chart.setOption({
          tooltip: { trigger: "axis" },
          legend: { top: 0 },
          grid: { left: 40, right: 16, top: 32, bottom: 24 },
          xAxis: { type: "category", data: data.months },
          yAxis: { type: "value", minInterval: 1 },
          series: data.series.map(function (s) {
            return { name: s.name, type: "line", smooth: true, data: s.data };
          })
        });
        box.dataset.rendered = "true";
        window.addEventListener("resize", function () { chart.resize(); });
      });
  });
})();
