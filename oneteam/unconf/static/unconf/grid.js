// The unconference grid, enhanced. Without this file the page is plain forms and a reload shows the latest grid.
//
// Live: the grid's channel (Server-Sent Events, see oneteam/core/live.py and docs/live.md) sends only the
// grid's version after every change (a move, a pin, a new generation, publishing). When it changes, the page
// fetches itself once and swaps the grid, so each reader gets only what they may see. If the stream is not
// available (an old browser, a closed stream, live updates interrupted), it falls back to checking the
// version every 15 seconds.
//
// Organisers can also drag a session onto a cell, which fills in and sends the "Move a session" form.
(function () {
  "use strict";
  var root = document.getElementById("unconf-live");
  var statusBox = document.getElementById("unconf-live-status");
  var refreshLink = document.querySelector("[data-unconf-refresh]");
  var seen = Number((root && root.getAttribute("data-version")) || 0);
  var fetching = false;
  var again = false;
  var polling = null;

  function setLive(ok) {
    if (statusBox) statusBox.textContent = statusBox.getAttribute(ok ? "data-live-note" : "data-down-note") || "";
  }

  function busy() {
    var active = document.activeElement;
    return active && root.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
  }

  function refresh() {
    if (!root || !window.fetch) return;
    if (fetching) { again = true; return; }
    if (busy()) { window.setTimeout(refresh, 1000); return; } // never pull the grid from under someone choosing
    fetching = true;
    fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) { window.location.reload(); return null; } // hidden again, say: the page says so
        return response.text();
      })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("unconf-live");
        if (!fresh) return;
        var version = Number(fresh.getAttribute("data-version") || 0);
        if (version < seen) return; // an older page overtaken by a newer change
        root.innerHTML = fresh.innerHTML;
        root.setAttribute("data-version", String(version));
        seen = version;
        prepareDrag();
      })
      .catch(function () {})
      .then(function () {
        fetching = false;
        if (again) { again = false; refresh(); }
      });
  }

  function startPolling() {
    if (polling || !refreshLink || !window.fetch) return;
    var url = refreshLink.getAttribute("data-version-url");
    polling = window.setInterval(function () {
      if (document.hidden) return;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && Number(data.version) > seen) refresh(); })
        .catch(function () {});
    }, 15000);
  }

  function stopPolling() {
    if (polling) { window.clearInterval(polling); polling = null; }
  }

  if (root && root.getAttribute("data-live-url") && "EventSource" in window) {
    var source = new EventSource(root.getAttribute("data-live-url"));
    source.addEventListener("grid", function (event) {
      var state = JSON.parse(event.data);
      if (state.v > seen) window.setTimeout(refresh, Math.random() * 300); // spread a room's requests a little
    });
    source.addEventListener("live-status", function (event) {
      var ok = JSON.parse(event.data).ok;
      setLive(ok);
      if (ok) { stopPolling(); refresh(); } else { startPolling(); }
    });
    source.addEventListener("open", function () { setLive(true); });
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED) { setLive(false); startPolling(); } // it will not come back by itself
    });
  } else {
    startPolling();
  }

  function prepareDrag() {
    document.querySelectorAll("[data-pitch]").forEach(function (card) { card.setAttribute("draggable", "true"); });
  }

  var form = function () { return document.getElementById("move-form"); };
  prepareDrag();
  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-pitch]");
    if (!card) return;
    event.dataTransfer.setData("text/plain", card.getAttribute("data-pitch"));
    event.dataTransfer.effectAllowed = "move";
  });
  function openCell(event) {
    return event.target.closest && event.target.closest("td[data-cell]:not(.oneteam-unconf-closed)");
  }
  document.addEventListener("dragover", function (event) {
    var cell = openCell(event);
    if (!cell || !form()) return;
    event.preventDefault();
    cell.classList.add("oneteam-unconf-drop");
  });
  document.addEventListener("dragleave", function (event) {
    var cell = openCell(event);
    if (cell) cell.classList.remove("oneteam-unconf-drop");
  });
  document.addEventListener("drop", function (event) {
    var cell = openCell(event);
    var move = form();
    if (!cell || !move) return;
    event.preventDefault();
    cell.classList.remove("oneteam-unconf-drop");
    var pitch = event.dataTransfer.getData("text/plain");
    if (!pitch) return;
    var pitchSelect = move.querySelector("[name=pitch]");
    var cellSelect = move.querySelector("[name=cell]");
    pitchSelect.value = pitch;
    cellSelect.value = cell.getAttribute("data-cell");
    if (pitchSelect.value === pitch && cellSelect.value === cell.getAttribute("data-cell")) move.submit();
  });
})();
