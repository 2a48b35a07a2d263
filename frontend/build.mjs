// Builds the public site's assets into build/site/, which Django's staticfiles collects (and, in
// production, fingerprints and compresses through whitenoise's manifest storage).
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "build/site";
const govuk = "node_modules/govuk-frontend/dist/govuk";
mkdirSync(out, { recursive: true });

const css = sass.compile("scss/site.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(`${out}/site.css`, css.css);
copyFileSync(`${govuk}/govuk-frontend.min.js`, `${out}/govuk-frontend.min.js`);
copyFileSync("js/site.mjs", `${out}/site.mjs`);
copyFileSync("images/favicon.svg", `${out}/favicon.svg`);
console.log(`built ${out}: site.css (${css.css.length} bytes), govuk-frontend.min.js, site.mjs`);
