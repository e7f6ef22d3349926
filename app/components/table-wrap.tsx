import type { ReactNode } from "react";

/**
 * Lets a wide table scroll sideways on a narrow screen (320 px) instead of
 * widening the page. A scrollable region must be reachable by keyboard and
 * named for screen readers (WCAG 2.1.1), hence the tabIndex, role and label.
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="app-table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
