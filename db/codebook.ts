/**
 * The starting codebook of themes (../shared/design/codebook.md), as data.
 * Migration 0006 inserts these rows; ids never change (other systems and
 * exports refer to them). Admins edit names and descriptions, retire themes
 * and add new ones in the app, so the database, not this file, is the
 * codebook of record once installed.
 */
import type { ThemeArea } from "./enums";

export type CodebookTheme = { id: string; name: string; description: string; area: ThemeArea };

export const STARTING_CODEBOOK: readonly CodebookTheme[] = [
  { id: "peer-support", name: "Peer support structures", description: "huddles, Schwartz Rounds, Psychological First Aid, Mental Health First Aid, buddying, peer support groups, safe spaces to talk with peers", area: "capacity_collaboration" },
  { id: "clinical-supervision", name: "Supervision and pastoral support", description: "protected time for clinical, managerial, restorative or group supervision; reflective practice; pastoral support", area: "capacity_collaboration" },
  { id: "psychological-support-access", name: "Access to psychological and mental health support", description: "rapid access to assessment and treatment, staff mental health and wellbeing hubs, IAPT/talking therapies, referral routes, self-referral, waiting times, counselling, EAP", area: "prioritise_identify" },
  { id: "occupational-health", name: "Occupational health, sickness absence and return to work", description: "occupational health referral, sickness absence, phased return, reasonable adjustments, fitness for work", area: "capacity_collaboration" },
  { id: "workload-and-rest", name: "Workload, staffing and rest", description: "workload volumes, staffing gaps, rota pressure, breaks, rest areas, fatigue, exhaustion, burnout from hours, annual leave", area: "capacity_collaboration" },
  { id: "redeployment-and-rotation", name: "Redeployment and rotation", description: "working outside usual role or training, redeployment to intensive roles, rotating from high-stress to lower-stress functions", area: "prioritise_identify" },
  { id: "compassionate-leadership", name: "Compassionate leadership and civility", description: "compassionate, empathetic leadership; civility; psychological safety; just culture; leaders' self-awareness; coaching for leaders", area: "leadership_culture" },
  { id: "help-seeking-and-stigma", name: "Help-seeking, stigma and confidentiality", description: "stigma about mental health, reluctance to ask for help, fear the employer or regulator will find out, confidentiality of support", area: "leadership_culture" },
  { id: "trauma-and-debriefing", name: "Trauma, moral injury and incident debriefing", description: "traumatic incidents, PTSD symptoms, moral injury, critical incident debriefs, TRiM", area: "prioritise_identify" },
  { id: "bereavement", name: "Bereavement support", description: "loss of patients, colleagues or family, grief, culturally appropriate bereavement support", area: "prioritise_identify" },
  { id: "inequalities-and-at-risk-groups", name: "Inequalities and at-risk staff groups", description: "BAME, LGBT+ and disabled staff, staff networks, shielding staff, agency and temporary staff, less experienced staff, vulnerability", area: "prioritise_identify" },
  { id: "team-communication", name: "Team communication", description: "clear, regular information to the team, briefings, handovers as communication, information overload, mixed messages", area: "leadership_culture" },
  { id: "training-and-awareness", name: "Training and awareness", description: "training in recognising stress, mental health awareness, training managers to hold person-centred wellbeing conversations", area: "capacity_collaboration" },
  { id: "team-cohesion", name: "Team cohesion and belonging", description: "team solidarity, togetherness, team rest breaks, feeling valued, recognition, belonging", area: "leadership_culture" },
  { id: "self-care-and-boundaries", name: "Self-care and personal boundaries", description: "sleep, exercise, taking breaks for oneself, saying no, switching off after work, self-compassion", area: "capacity_collaboration" },
  { id: "family-and-caring", name: "Family and caring responsibilities", description: "childcare, schooling, caring for relatives, separation from family, protecting loved ones", area: "prioritise_identify" },
  { id: "practical-and-social-support", name: "Practical and social support", description: "debt and financial worries, housing, domestic abuse, relationship support, immigration status advice", area: "capacity_collaboration" },
  { id: "working-environment", name: "Working environment and equipment", description: "PPE, rest facilities, fit-for-purpose equipment and IT, physical environment, infection control burden", area: "capacity_collaboration" },
  { id: "remote-and-digital-working", name: "Remote and digital working", description: "virtual meetings, working from home, digital fatigue, isolation from the team when remote", area: "capacity_collaboration" },
  { id: "wellbeing-strategy-and-governance", name: "Wellbeing strategy, funding and governance", description: "board sponsorship, organisational wellbeing strategy, ring-fenced funding, partnerships across organisations, data on staff wellbeing", area: "prioritise_identify" },
  { id: "retention-and-career", name: "Retention and career", description: "intention to leave, retirement and return, career development, exit interviews, redeployment schemes", area: "leadership_culture" },
];
