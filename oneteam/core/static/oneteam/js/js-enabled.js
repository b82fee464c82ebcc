// Loaded by a plain <script> at the start of <body>, so it runs before the
// page is painted: GOV.UK Frontend's "with JavaScript" styles then apply from
// the first frame, with no flash of the JavaScript-free layout. It lives in a
// file, not inline, because the Content-Security-Policy refuses inline script.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
