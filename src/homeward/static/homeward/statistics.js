// The statistics page: an agreement's stages (received, handed over, running total) and,
// per dimension, who came home in each completed stage, stacked by stage.
(function () {
  const data = JSON.parse(document.getElementById("series").textContent);
  const canvas = document.getElementById("stages-chart");
  const labels = data.stages.map((s) => `${canvas.dataset.labelStage} ${s.number} (${s.date})`);
  new Chart(canvas, {
    data: {
      labels,
      datasets: [
        { type: "bar", label: canvas.dataset.labelReceived, data: data.stages.map((s) => s.received) },
        { type: "bar", label: canvas.dataset.labelHanded, data: data.stages.map((s) => s.handed_over) },
        { type: "line", label: canvas.dataset.labelTotal, data: data.stages.map((s) => s.received_so_far) },
      ],
    },
    options: { animation: false, scales: { y: { beginAtZero: true } } },
  });
  const shown = data.stages.filter((s) => s.composition);
  for (const chart of document.querySelectorAll(".composition-chart")) {
    const dimension = chart.dataset.dimension;
    const categories = [...new Set(shown.flatMap((s) => s.composition[dimension].map((row) => row[0])))];
    new Chart(chart, {
      type: "bar",
      data: {
        labels: categories,
        datasets: shown.map((s) => {
          const counts = Object.fromEntries(s.composition[dimension]);
          return { label: `${canvas.dataset.labelStage} ${s.number}`, data: categories.map((c) => counts[c] || 0) };
        }),
      },
      options: { animation: false, indexAxis: "y", scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } } },
    });
  }
})();
