// Follows a grid generation: asks for its progress every second and goes to the grid when it is done.
(function () {
  "use strict";
  var box = document.getElementById("run-status");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-status-url");
  var text = document.getElementById("run-progress");
  var meter = document.getElementById("run-meter");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        text.textContent = data.progress;
        meter.value = data.percent;
        meter.textContent = data.percent + "%";
        if (data.finished) { window.location.reload(); return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
