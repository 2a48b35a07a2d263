// The design system's behaviour (e.g. the service navigation's menu button on phones). Loaded
// as a module: browsers that cannot run it get the plain, fully working HTML.
import { initAll } from "./govuk-frontend.min.js";

initAll();
