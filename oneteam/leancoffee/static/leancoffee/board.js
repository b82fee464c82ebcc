// Makes a lean coffee board (and its projector view) live. Without this file
// every action is a plain form and a reload shows the latest state.
//
// The board's live channel (Server-Sent Events, see oneteam/core/live.py)
// sends counts and the clock after every change, never a text. Votes and
// thumbs are updated in place; anything else (a new topic, a phase, a capture)
// bumps the board's "layout", and the page then fetches itself once and
// swaps the live region, so each reader gets only what they may see.

const root = document.getElementById("lc-live");
const statusBox = document.getElementById("lc-status");
let offset = 0; // server clock minus this browser's clock, in milliseconds

function currentState() {
  const state = document.getElementById("lc-state");
  return {
    version: Number(state?.dataset.version || 0),
    layout: Number(state?.dataset.layout || 0),
    phase: state?.dataset.phase || "",
  };
}

function say(text) {
  let box = document.getElementById("lc-message");
  if (!box) {
    box = document.createElement("p");
    box.id = "lc-message";
    box.className = "govuk-body govuk-!-font-weight-bold";
    box.setAttribute("role", "status");
    root.insertAdjacentElement("beforebegin", box);
  }
  box.textContent = text || "";
}

function setLive(ok) {
  if (!statusBox) return;
  statusBox.textContent = ok ? statusBox.dataset.liveNote : statusBox.dataset.downNote;
}

let seen = currentState();
let fetching = false;
let again = false;

function typingInside() {
  const active = document.activeElement;
  return active && root.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) && active.value;
}

async function refresh() {
  if (fetching) {
    again = true;
    return;
  }
  if (typingInside()) {
    setTimeout(refresh, 1000); // do not wipe what someone is typing
    return;
  }
  fetching = true;
  try {
    const response = await fetch(window.location.pathname, { headers: { Accept: "text/html" }, credentials: "same-origin" });
    if (response.ok) {
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = doc.getElementById("lc-live");
      const freshState = doc.getElementById("lc-state");
      if (fresh && freshState && Number(freshState.dataset.version) >= seen.version) {
        root.innerHTML = fresh.innerHTML;
        seen = currentState();
        tick();
      }
    }
  } catch (error) {
    setLive(false);
  } finally {
    fetching = false;
    if (again) {
      again = false;
      refresh();
    }
  }
}

function applyCounts(state) {
  for (const card of root.querySelectorAll("[data-topic]")) {
    const count = card.querySelector("[data-votes]");
    if (count) count.textContent = String(state.votes[card.dataset.topic] || 0);
  }
  if (state.thumbs) {
    for (const cell of root.querySelectorAll("[data-thumb]")) {
      cell.textContent = String(state.thumbs[cell.dataset.thumb] || 0);
    }
  }
  const element = document.getElementById("lc-state");
  if (element) element.dataset.version = String(state.v);
}

function onBoard(event) {
  const state = JSON.parse(event.data);
  if (state.now) offset = Date.parse(state.now) - Date.now();
  if (state.v < seen.version) return; // an older frame overtaken by a newer one
  if (state.layout !== seen.layout || state.phase !== seen.phase) {
    seen = { version: state.v, layout: state.layout, phase: state.phase };
    setTimeout(refresh, Math.random() * 150); // spread a crowd's requests a little
    return;
  }
  seen.version = state.v;
  applyCounts(state);
}

function pad(n) {
  return String(n).padStart(2, "0");
}

function tick() {
  for (const clock of document.querySelectorAll("[data-countdown]")) {
    const left = Date.parse(clock.dataset.ends) - (Date.now() + offset);
    if (left <= 0) {
      clock.textContent = clock.dataset.over;
      for (const thumbs of document.querySelectorAll("[data-thumbs]")) thumbs.hidden = false;
    } else {
      const seconds = Math.ceil(left / 1000);
      clock.textContent = `${Math.floor(seconds / 60)}:${pad(seconds % 60)}`;
    }
  }
}

async function send(form, submitter) {
  const data = new FormData(form);
  if (submitter && submitter.name) data.append(submitter.name, submitter.value);
  try {
    const response = await fetch(form.action, {
      method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "same-origin",
    });
    const answer = await response.json();
    say(answer.message);
    refresh();
  } catch (error) {
    form.submit(); // fall back to the plain form
  }
}

function similarHints() {
  const form = document.querySelector("form[data-similar-url]");
  const box = document.getElementById("lc-similar");
  const input = form?.querySelector("input[name=title]");
  if (!form || !box || !input) return;
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = input.value.trim();
      box.replaceChildren();
      if (text.length < 3) return;
      const response = await fetch(`${form.dataset.similarUrl}?q=${encodeURIComponent(text)}`, { credentials: "same-origin" });
      if (!response.ok) return;
      const { similar } = await response.json();
      if (!similar.length) return;
      const heading = document.createElement("p");
      heading.className = "govuk-body govuk-!-margin-bottom-1";
      heading.textContent = box.dataset.heading;
      const list = document.createElement("ul");
      list.className = "govuk-list govuk-list--bullet";
      for (const topic of similar) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.className = "govuk-link";
        link.href = `#topic-${topic.id}`;
        link.textContent = topic.title;
        item.append(link);
        list.append(item);
      }
      box.append(heading, list);
    }, 300);
  });
}

if (root && "EventSource" in window) {
  const source = new EventSource(root.dataset.liveUrl);
  source.addEventListener("board", onBoard);
  source.addEventListener("live-status", (event) => {
    const ok = JSON.parse(event.data).ok;
    setLive(ok);
    if (ok) refresh();
  });
  source.addEventListener("open", () => setLive(true));
  source.addEventListener("error", () => setLive(false));
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("[data-lc-action]") || !root.contains(form)) return;
    event.preventDefault();
    send(form, event.submitter);
  });
  setInterval(tick, 250);
  tick();
  similarHints();
}
