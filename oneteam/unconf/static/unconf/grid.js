// The unconference grid, enhanced: it reloads when the grid changes (checked every 15 seconds),
// and organisers can drag a session onto a cell, which fills in and sends the "Move a session" form.
(function () {
  "use strict";
  var refresh = document.querySelector("[data-unconf-refresh]");
  if (refresh && window.fetch) {
    var version = refresh.getAttribute("data-version");
    var url = refresh.getAttribute("data-version-url");
    window.setInterval(function () {
      if (document.hidden) return;
      var active = document.activeElement;
      if (active && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName)) return; // never pull the page from under someone typing
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && String(data.version) !== version) window.location.reload();
        })
        .catch(function () {});
    }, 15000);
  }

  var form = document.getElementById("move-form");
  if (!form) return;
  var pitchSelect = form.querySelector("[name=pitch]");
  var cellSelect = form.querySelector("[name=cell]");
  document.querySelectorAll("[data-pitch]").forEach(function (card) {
    card.setAttribute("draggable", "true");
    card.addEventListener("dragstart", function (event) {
      event.dataTransfer.setData("text/plain", card.getAttribute("data-pitch"));
      event.dataTransfer.effectAllowed = "move";
    });
  });
  document.querySelectorAll("td[data-cell]:not(.oneteam-unconf-closed)").forEach(function (cell) {
    cell.addEventListener("dragover", function (event) { event.preventDefault(); cell.classList.add("oneteam-unconf-drop"); });
    cell.addEventListener("dragleave", function () { cell.classList.remove("oneteam-unconf-drop"); });
    cell.addEventListener("drop", function (event) {
      event.preventDefault();
      cell.classList.remove("oneteam-unconf-drop");
      var pitch = event.dataTransfer.getData("text/plain");
      if (!pitch) return;
      pitchSelect.value = pitch;
      cellSelect.value = cell.getAttribute("data-cell");
      if (pitchSelect.value === pitch && cellSelect.value === cell.getAttribute("data-cell")) form.submit();
    });
  });
})();
