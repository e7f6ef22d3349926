/** Words shown to people for the codes stored in the database. */
import type { Profession, Role, Setting } from "~db/enums";

export const ROLE_LABELS: Record<Role, string> = {
  admin: "CLN admin",
  facilitator: "Facilitator",
  clinical_lead: "Clinical lead",
  advisory: "Advisory group member",
};

export const PROFESSION_LABELS: Record<Profession, string> = {
  doctor: "Doctor",
  nurse: "Nurse",
  midwife: "Midwife",
  ahp: "Allied health professional",
  paramedic: "Paramedic",
  pharmacist: "Pharmacist",
  psychologist: "Psychologist",
  gp: "GP",
  manager: "Manager",
  other: "Other",
};

export const SETTING_LABELS: Record<Setting, string> = {
  acute: "Acute",
  community: "Community",
  primary_care: "Primary care",
  mental_health: "Mental health",
  ambulance: "Ambulance",
  social_care: "Social care",
  commissioner: "Commissioning",
  other: "Other",
};

/** Each role's own home page after sign-in; the first role held in this order wins. */
export const ROLE_HOMES: Array<[Role, string]> = [
  ["admin", "/admin"],
  ["facilitator", "/facilitator"],
  ["advisory", "/advisory"],
  ["clinical_lead", "/lead"],
];

export function homeFor(roles: readonly Role[]) {
  return ROLE_HOMES.find(([role]) => roles.includes(role))?.[1] ?? "/account";
}

/** Roles that must use two-factor sign-in in production (trust.md). */
export const MFA_ROLES: readonly Role[] = ["admin", "facilitator", "advisory"];
export const needsTwoFactor = (roles: readonly Role[]) => roles.some((r) => MFA_ROLES.includes(r));
