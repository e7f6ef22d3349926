import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Accessibility statement - CLN Action Learning Sets" }];

export default function Accessibility() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Accessibility statement</h1>
        <p>
          CLN Action Learning Sets is run by the NHS Clinical Leaders Network. We want as many people as possible to be
          able to use it. It aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA.
        </p>
        <h2>How we test</h2>
        <p>
          Every main page is checked automatically with axe in a real browser each time the service changes, and the
          pages are built from the NHS.UK design system. The service works on screens 320 pixels wide, at 400% zoom,
          with a keyboard only, and with screen readers.
        </p>
        <h2>Reporting a problem</h2>
        <p>If you find something you cannot use, tell your facilitator or your CLN admin and we will fix it.</p>
      </div>
    </div>
  );
}
