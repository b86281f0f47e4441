// The upload status page: poll the import's progress and move the bar; reload when it ends
// (the finished page lists what was accepted and rejected). Without JavaScript the page
// refreshes itself through a <noscript> meta refresh instead.
const box = document.getElementById("import-progress");

if (box && box.dataset.finished !== "true") {
  const bar = document.getElementById("import-bar");
  const status = document.getElementById("import-status");
  const count = document.getElementById("import-count");
  const url = box.dataset.progressUrl;

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const progress = await response.json();
        if (progress.finished) {
          window.location.reload();
          return;
        }
        if (progress.total_rows) bar.max = progress.total_rows;
        bar.value = progress.rows_done;
        bar.textContent = `${progress.percent ?? 0}%`;
        status.textContent = progress.status_label;
        const total = progress.total_rows ?? "an unknown number of";
        count.textContent = `${progress.rows_done} of ${total} rows checked`;
      }
    } catch (error) {
      // A dropped poll is retried on the next tick.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 500);
}
