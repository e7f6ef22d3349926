// Copies the NHS.UK frontend stylesheet and images into public/ so the app is
// self-contained: the stylesheet's @font-face rules point at assets.nhs.uk,
// which our Content-Security-Policy (font-src 'self') and offline demo do not
// reach, so they are dropped and the NHS.UK font stack falls back to Arial.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const root = join(dirname(require.resolve("nhsuk-frontend/package.json")), "dist", "nhsuk");
const out = "public/assets";
mkdirSync(join(out, "css"), { recursive: true });
const css = readFileSync(join(root, "nhsuk-frontend.min.css"), "utf8").replace(
  /@font-face\{[^}]*assets\.nhs\.uk[^}]*\}/g,
  "",
);
if (css.includes("assets.nhs.uk")) throw new Error("nhsuk-frontend CSS still refers to assets.nhs.uk");
writeFileSync(join(out, "css", "nhsuk-frontend.min.css"), css);
cpSync(join(root, "assets", "images"), join(out, "images"), { recursive: true });
console.log(`copied nhsuk-frontend styles and images to ${out}`);
