// The page's only script, served as /dashboard/assets/dashboard.js: live countdowns and
// the weekly chart. Everything it shows is also in the page's tables.
export const DASHBOARD_SCRIPT = `'use strict';
(function () {
  function pad(n) { return String(n).padStart(2, '0'); }
  function countdownText(ms) {
    var total = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(total / 86400), h = Math.floor((total % 86400) / 3600);
    var m = Math.floor((total % 3600) / 60), s = total % 60;
    var text = d > 0 ? d + 'd ' + pad(h) + 'h ' + pad(m) + 'm ' + pad(s) + 's'
      : h > 0 ? h + 'h ' + pad(m) + 'm ' + pad(s) + 's' : m + 'm ' + pad(s) + 's';
    return ms >= 0 ? text + ' left' : 'overdue ' + text;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll('[data-due]').forEach(function (el) {
      var left = Number(el.getAttribute('data-due')) - now;
      el.textContent = countdownText(left);
      el.classList.toggle('overdue', left < 0);
    });
  }
  tick();
  setInterval(tick, 1000);

  var source = document.getElementById('weekly-data');
  var canvas = document.getElementById('weekly-chart');
  if (!source || !canvas || typeof Chart === 'undefined') return;
  var weeks = JSON.parse(source.textContent);
  function percent(share) { return share === null ? null : Math.round(share * 1000) / 10; }
  function line(label, values, color, dashed) {
    return { label: label, data: values, borderColor: color, backgroundColor: color, spanGaps: true,
      borderDash: dashed ? [6, 4] : [], pointRadius: dashed ? 0 : 3, borderWidth: 2 };
  }
  new Chart(canvas, {
    type: 'line',
    data: {
      labels: weeks.map(function (w) { return w.weekStart; }),
      datasets: [
        line('Response met', weeks.map(function (w) { return percent(w.response.metShare); }), '#1d4ed8', false),
        line('Resolution met', weeks.map(function (w) { return percent(w.resolution.metShare); }), '#15803d', false),
        line('Response goal', weeks.map(function (w) { return percent(w.response.goal); }), '#93c5fd', true),
        line('Resolution goal', weeks.map(function (w) { return percent(w.resolution.goal); }), '#86efac', true),
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + '%'; } } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
})();
`;

export const DASHBOARD_CSS = `body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #111827; background: #f9fafb; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; }
.p1 { color: #b91c1c; font-weight: 700; }
.overdue { color: #b91c1c; font-weight: 600; }
.countdown { font-variant-numeric: tabular-nums; white-space: nowrap; }
td:first-child, td time { white-space: nowrap; }
.incidents { border-left: 4px solid #b91c1c; }
.chart { position: relative; height: 320px; background: #fff; margin-bottom: .75rem; }
.muted { color: #6b7280; }
`;
