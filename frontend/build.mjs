// Compiles OneTeam's Sass (GOV.UK Frontend with our brand settings) and copies
// the GOV.UK Frontend JavaScript into oneteam/core/static/, where
// Django's staticfiles (served by WhiteNoise) picks them up.
import { mkdirSync, cpSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "oneteam", "core", "static", "build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(out, { recursive: true });
const result = sass.compile(join(root, "frontend", "scss", "oneteam.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "oneteam.css"), result.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// GOV.UK Frontend's assets (GDS Transport, the crest, GOV.UK icons) are the
// government's brand, not ours: none is copied.
console.log(`built ${join("oneteam", "core", "static", "build")} (${result.css.length} bytes of CSS)`);
