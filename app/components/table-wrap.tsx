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
 * The scrolling region is named by `label` (the caption unless given); the
 * caption is a medium heading, plain, or only for screen readers.
 */
export function ListTable({
  caption,
  label = caption,
  captionStyle = "heading",
  columns,
  children,
}: {
  caption: string;
  label?: string;
  captionStyle?: "heading" | "plain" | "hidden";
  columns: Column[];
  children: ReactNode;
}) {
  const captionClass = {
    heading: "nhsuk-table__caption nhsuk-table__caption--m",
    plain: "nhsuk-table__caption",
    hidden: "nhsuk-table__caption nhsuk-u-visually-hidden",
  }[captionStyle];
  return (
    <TableWrap label={label}>
      <table className="nhsuk-table">
        <caption className={captionClass}>{caption}</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            {columns.map((column) => {
              const { label: heading, numeric, visuallyHidden } = typeof column === "string" ? { label: column } : column;
              return (
                <th key={heading} scope="col" className={numeric ? "nhsuk-table__header nhsuk-table__header--numeric" : "nhsuk-table__header"}>
                  {visuallyHidden ? <span className="nhsuk-u-visually-hidden">{heading}</span> : heading}
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
