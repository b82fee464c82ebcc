// "Projects like yours" while someone registers a project: asks the register
// for similar projects as the title and description are typed. Without
// JavaScript the same list appears on a confirmation step before saving.
(function () {
  "use strict";
  var form = document.getElementById("register-form");
  var panel = document.getElementById("similar-while-typing");
  var results = document.getElementById("similar-results");
  if (!form || !panel || !results || !window.fetch) { return; }
  var title = form.querySelector("[name=title]");
  var summary = form.querySelector("[name=summary]");
  var url = form.getAttribute("data-similar-url");
  var timer = null;
  var asked = "";
  panel.hidden = false;

  function show(items) {
    results.textContent = "";
    if (!items.length) {
      var none = document.createElement("p");
      none.className = "govuk-body-s";
      none.textContent = "No similar projects found yet.";
      results.appendChild(none);
      return;
    }
    // The person has now seen the look-alikes: no need for the confirmation step.
    var seen = form.querySelector("[name=seen_similar]");
    if (seen) { seen.value = "True"; }
    var list = document.createElement("ul");
    list.className = "govuk-list";
    items.forEach(function (item) {
      var entry = document.createElement("li");
      var link = document.createElement("a");
      link.className = "govuk-link";
      link.href = item.url;
      link.textContent = item.title;
      var about = document.createElement("span");
      about.className = "govuk-body-s";
      about.textContent = " · " + item.organisation + " · " + item.phase;
      entry.appendChild(link);
      entry.appendChild(about);
      list.appendChild(entry);
    });
    results.appendChild(list);
  }

  function ask() {
    var text = (title.value + "\n" + summary.value).trim();
    if (text.length < 3 || text === asked) { return; }
    asked = text;
    fetch(url + "?text=" + encodeURIComponent(text), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { similar: [] }; })
      .then(function (data) { if (asked === text) { show(data.similar || []); } })
      .catch(function () {});
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 400);
  }
  title.addEventListener("input", later);
  summary.addEventListener("input", later);
})();
