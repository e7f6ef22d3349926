import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PROFESSIONS } from "~db/enums";
import { FileField, SubmitButton, ValidatedForm } from "~/components/form";
import { MAX_IMPORT_ROWS, type RowProblem } from "~/domain/cohort-import";
import { PROFESSION_LABELS } from "~/domain/labels";
import { cohortForImport, importCohortMembers } from "~/models/cohorts.server";
import { CSV_MAX_BYTES } from "~/schemas/admin";
import { requireRole } from "~/server/guards.server";
import { invalid, notFound, readForm } from "~/server/request.server";
import { TableWrap } from "~/components/table-wrap";

/** The file chosen on this page; its rows are checked by the model, not here. */
const ImportSchema = z.strictObject({
  file: z
    .instanceof(File, { error: "Select a CSV file" })
    // A file input left empty still sends a nameless, empty file.
    .refine((f) => f.name !== "" || f.size > 0, "Select a CSV file")
    .refine((f) => f.name === "" || /\.csv$/i.test(f.name), "The selected file must be a CSV file (ending .csv)")
    .refine((f) => f.size > 0, "The selected file is empty")
    .refine((f) => f.size <= CSV_MAX_BYTES, "The CSV file must be smaller than 512 KB"),
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Import members${data ? ` into ${data.cohort.name}` : ""} - CLN Action Learning Sets` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const cohort = cohortForImport(params.cohortId ?? "");
  if (!cohort) throw notFound();
  return json({ cohort, maxRows: MAX_IMPORT_ROWS });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const cohortId = params.cohortId ?? "";
  const result = await readForm(request, ImportSchema);
  if (!result.ok) return invalid(result);
  const outcome = await importCohortMembers(cohortId, await result.data.file.text(), { id: user.id, name: user.name, ip: context.ip });
  if (!outcome.ok) {
    return json(
      { ok: false as const, errors: outcome.errors, formError: outcome.formError, values: result.values, problems: outcome.problems ?? [] },
      { status: outcome.status },
    );
  }
  const query = new URLSearchParams({ notice: "imported", added: String(outcome.added), invited: String(outcome.invited), unsent: String(outcome.unsent) });
  return redirect(`/admin/cohorts/${cohortId}?${query}`);
}

export default function ImportMembers() {
  const { cohort, maxRows } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problems: RowProblem[] = result && "problems" in result ? (result.problems as RowProblem[]) : [];
  // Each bad row is listed in the error summary, linked to its row in the table below.
  const shown = result && !result.ok
    ? { ...result, errors: { ...Object.fromEntries(problems.map((p) => [`line-${p.line}`, `Line ${p.line}: ${p.reasons.join(". ")}`])), ...result.errors } }
    : result;

  return (
    <>
      <Link className="nhsuk-back-link" to={`/admin/cohorts/${cohort.id}`}>
        Back to {cohort.name}
      </Link>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>Import members into {cohort.name}</h1>
          {cohort.archivedAt !== null ? (
            <div className="nhsuk-inset-text">
              <p>This cohort is archived, so no one can be added to it.</p>
            </div>
          ) : (
            <>
              <p>Add several clinical leads at once from a spreadsheet saved as a CSV file, one row per person.</p>
              <ul>
                <li>
                  The first row must be the column headings <strong>name</strong>, <strong>email</strong>, <strong>organisation</strong> and{" "}
                  <strong>profession</strong>, in any order.
                </li>
                <li>Organisation: its name as shown on the Organisations page, or its ODS code.</li>
                <li>Profession: one of {PROFESSIONS.map((p) => PROFESSION_LABELS[p]).join(", ")}.</li>
                <li>At most {maxRows} people in one file. Save it as &ldquo;CSV UTF-8&rdquo;.</li>
              </ul>
              <p>
                The whole file is checked first. If any row has a problem, no one is imported and every row to correct is listed. People already
                in the service (matched by email address) are added as they are; everyone else is invited by email.
              </p>
              <ValidatedForm schema={ImportSchema} result={shown} encType="multipart/form-data">
                <FileField name="file" label="Upload a CSV file" hint="A .csv file smaller than 512 KB" accept=".csv,text/csv" />
                <SubmitButton busyText="Importing…">Import members</SubmitButton>
              </ValidatedForm>
            </>
          )}
        </div>
      </div>
      {problems.length ? (
        <TableWrap label="Rows to correct (no one was imported)">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-table__caption--m">Rows to correct (no one was imported)</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col" className="nhsuk-table__header">Line</th>
                <th scope="col" className="nhsuk-table__header">Name</th>
                <th scope="col" className="nhsuk-table__header">Email</th>
                <th scope="col" className="nhsuk-table__header">Problem</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {problems.map((p) => (
                <tr className="nhsuk-table__row" key={p.line}>
                  <th scope="row" className="nhsuk-table__header" id={`line-${p.line}`} tabIndex={-1}>
                    {p.line}
                  </th>
                  <td className="nhsuk-table__cell">{p.name || "(blank)"}</td>
                  <td className="nhsuk-table__cell app-cohort-import-email">{p.email || "(blank)"}</td>
                  <td className="nhsuk-table__cell">
                    {p.reasons.length === 1 ? (
                      p.reasons[0]
                    ) : (
                      <ul className="nhsuk-list nhsuk-list--bullet">
                        {p.reasons.map((reason) => (
                          <li key={reason}>{reason}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}
