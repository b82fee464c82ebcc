// Starts every GOV.UK Frontend component on the page. A module, so browsers
// too old for GOV.UK Frontend skip it and keep the JavaScript-free page.
import { initAll } from "../../build/govuk-frontend.min.js";

initAll();
