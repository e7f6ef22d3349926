import { Link } from "@remix-run/react";
import { ListTable } from "~/components/table-wrap";
import { formatMeetingDay, formatTimeRange } from "~/utils/dates";

export type MeetingRow = {
  id: string;
  cohortName?: string;
  startsAt: number;
  endsAt: number;
  status: "scheduled" | "cancelled";
  response?: "attending" | "apologies" | null;
};

const ANSWER = { attending: "Attending", apologies: "Apologies sent" } as const;

/** Meetings as a table: date (linking to the meeting), time, and status or the person's answer. */
export function MeetingList({ meetings, empty, label, showCohort, showAnswer }: { meetings: MeetingRow[]; empty: string; label: string; showCohort?: boolean; showAnswer?: boolean }) {
  if (meetings.length === 0) return empty ? <p>{empty}</p> : null;
  return (
    <ListTable caption={label} captionStyle="hidden" columns={["Date", "Time", ...(showCohort ? ["Set"] : []), showAnswer ? "Your answer" : "Status"]}>
      {meetings.map((m) => (
        <tr className="nhsuk-table__row" key={m.id}>
          <td className="nhsuk-table__cell">
            <Link to={`/meetings/${m.id}`}>{formatMeetingDay(m.startsAt)}</Link>
          </td>
          <td className="nhsuk-table__cell app-nowrap">{formatTimeRange(m.startsAt, m.endsAt)}</td>
          {showCohort ? <td className="nhsuk-table__cell">{m.cohortName}</td> : null}
          <td className="nhsuk-table__cell">
            {m.status === "cancelled" ? (
              <strong className="nhsuk-tag nhsuk-tag--red">Cancelled</strong>
            ) : showAnswer ? (
              m.response ? ANSWER[m.response] : "Not answered"
            ) : (
              "Scheduled"
            )}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
