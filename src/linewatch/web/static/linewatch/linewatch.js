// Linewatch page bootstrap, loaded on every page as <script type="module">.
//
// Templates carry no inline script (the Content-Security-Policy forbids it), so the
// classes GOV.UK Frontend expects the template's inline snippet to add to <body> are
// added here instead.  Reaching this line at all means the browser runs ES modules,
// which is GOV.UK Frontend's definition of "supported".
import { initAll as initGovukFrontend } from "../vendor/govuk-frontend/govuk-frontend.min.js";
import { initAll as initMojFrontend } from "../vendor/moj-frontend/moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");

initGovukFrontend();
initMojFrontend();
