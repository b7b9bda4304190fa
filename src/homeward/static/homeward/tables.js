// Draws each table of a statistics page: a bar chart with a bar group per column and a
// dataset per row, or, for the months' trends, a line per column over the rows (months).
(function () {
  const tables = JSON.parse(document.getElementById("tables").textContent);
  const byKey = Object.fromEntries(tables.map((t) => [t.key, t]));
  for (const canvas of document.querySelectorAll("canvas.table-chart")) {
    const table = byKey[canvas.dataset.table];
    if (table.chart === "line") {
      new Chart(canvas, {
        type: "line",
        data: {
          labels: table.rows.map((r) => r.label),
          datasets: table.columns.map((column, i) => ({ label: column, data: table.rows.map((r) => r.cells[i]), pointRadius: 0 })),
        },
        options: { animation: false, scales: { y: { beginAtZero: true } } },
      });
    } else {
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: table.columns,
          datasets: table.rows.map((r) => ({ label: r.label, data: r.cells })),
        },
        options: { animation: false, scales: { y: { beginAtZero: true } } },
      });
    }
  }
})();
