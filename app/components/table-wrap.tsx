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

/** A column heading: its text, whether it holds numbers (right-aligned), and whether it is only for screen readers (like "Actions"). */
export type Column = string | { label: string; numeric?: boolean; visuallyHidden?: boolean };

/**
 * An NHS.UK table of records inside a TableWrap: the caption, a row of
 * column headings, and the rows (`children`, each `tr.nhsuk-table__row`).
 */
export function ListTable({ caption, columns, children }: { caption: string; columns: Column[]; children: ReactNode }) {
  return (
    <TableWrap label={caption}>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--m">{caption}</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            {columns.map((column) => {
              const { label, numeric, visuallyHidden } = typeof column === "string" ? { label: column } : column;
              return (
                <th key={label} scope="col" className={numeric ? "nhsuk-table__header nhsuk-table__header--numeric" : "nhsuk-table__header"}>
                  {visuallyHidden ? <span className="nhsuk-u-visually-hidden">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">{children}</tbody>
      </table>
    </TableWrap>
  );
}
