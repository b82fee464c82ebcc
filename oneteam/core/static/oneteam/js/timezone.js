// Offer the zone the browser reports beside the profile's time-zone list.
// Without JavaScript the list alone does the job.
const select = document.querySelector("select[data-offer-browser-zone]");
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (select && zone && select.value !== zone && [...select.options].some((o) => o.value === zone)) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary govuk-!-margin-top-2 govuk-!-margin-bottom-0";
  button.textContent = select.dataset.offerBrowserZone.replace("%(zone)s", zone.replaceAll("_", " "));
  button.addEventListener("click", () => {
    select.value = zone;
    select.focus();
  });
  select.insertAdjacentElement("afterend", button);
}
