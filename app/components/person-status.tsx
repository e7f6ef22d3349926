import type { UserStatus } from "~db/enums";

export const PERSON_STATUS_LABELS: Record<UserStatus, string> = {
  invited: "Invited",
  active: "Active",
  deactivated: "Deactivated",
  erased: "Erased",
};

const STATUS_TAG: Record<UserStatus, string> = {
  invited: "nhsuk-tag--blue",
  active: "nhsuk-tag--green",
  deactivated: "nhsuk-tag--grey",
  erased: "nhsuk-tag--red",
};

export function PersonStatusTag({ status, className }: { status: UserStatus; className?: string }) {
  return <strong className={["nhsuk-tag", STATUS_TAG[status], className].filter(Boolean).join(" ")}>{PERSON_STATUS_LABELS[status]}</strong>;
}
