import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requireRole } from "~/server/guards.server";

// Each child route guards its own loader and action too: Remix runs loaders in
// parallel, so this layout's guard alone would not protect a child's data.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({});
}

const SECTIONS: Array<[to: string, label: string]> = [
  ["/admin", "Overview"],
  ["/admin/footprints", "Footprints"],
  ["/admin/organisations", "Organisations"],
  ["/admin/people", "People"],
  ["/admin/cohorts", "Cohorts"],
  ["/admin/meetings", "Meetings"],
  ["/admin/emails", "Emails"],
  ["/admin/themes", "Themes"],
  ["/admin/alignment", "Self-assessments"],
  ["/evaluation", "Evaluation"],
  ["/admin/audit", "Audit log"],
  ["/admin/settings", "Settings"],
];

export default function AdminLayout() {
  return (
    <>
      <nav className="nhsuk-u-margin-bottom-5" aria-label="Administration">
        <ul className="nhsuk-list app-admin-nav">
          {SECTIONS.map(([to, label]) => (
            <li key={to}>
              <NavLink to={to} end={to === "/admin"} className={({ isActive }) => (isActive ? "app-admin-nav__current" : undefined)}>
                {({ isActive }) => (isActive ? <strong aria-current="page">{label}</strong> : label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
