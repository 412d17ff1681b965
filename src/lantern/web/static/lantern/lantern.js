// Starts GOV.UK Frontend's components on every page.
import { initAll } from "../dist/govuk-frontend.min.js";

initAll();
