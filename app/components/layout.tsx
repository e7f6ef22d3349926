import { Footer, Header } from "nhsuk-react-components";
import { ROLE_HOMES, ROLE_LABELS } from "~/domain/labels";
import type { Role } from "~db/enums";

type HeaderUser = { name: string; roles: Role[]; home: string } | null;

export function SiteHeader({
  serviceName,
  user,
  demo,
  mfaOptional,
}: {
  serviceName: string;
  user: HeaderUser;
  demo: boolean;
  mfaOptional: boolean;
}) {
  const homes = user ? ROLE_HOMES.filter(([role]) => user.roles.includes(role)) : [];
  // Clinical leads follow their actions between meetings, so "My actions" sits beside their home.
  const nav: Array<{ href: string; label: string }> = [
    ...homes.map(([role, href]) => ({ href, label: roleHomeLabel(role) })),
    ...(user?.roles.includes("clinical_lead") ? [{ href: "/actions", label: "My actions" }] : []),
  ];
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      {demo ? (
        <div className="app-demo-banner" role="region" aria-label="Demonstration">
          <div className="nhsuk-width-container">
            <p className="nhsuk-body-s">
              <strong>Demo.</strong> This copy holds made-up people only.
              {mfaOptional ? " Two-factor sign-in is optional here; it is required in production." : ""}
            </p>
          </div>
        </div>
      ) : null}
      <Header service={{ text: serviceName, href: user?.home ?? "/" }}>
        {user ? (
          <Header.Account>
            <Header.AccountItem href="/account" icon>
              {user.name}
            </Header.AccountItem>
            <Header.AccountItem formProps={{ action: "/sign-out", method: "post" }} type="submit">
              Sign out
            </Header.AccountItem>
          </Header.Account>
        ) : null}
        {nav.length > 1 ? (
          <Header.Navigation>
            {nav.map((item) => (
              <Header.NavigationItem key={item.href} href={item.href}>
                {item.label}
              </Header.NavigationItem>
            ))}
          </Header.Navigation>
        ) : null}
      </Header>
    </>
  );
}

function roleHomeLabel(role: Role) {
  return role === "admin" ? "Administration" : `${ROLE_LABELS[role]} home`;
}

export function SiteFooter() {
  return (
    <Footer>
      <Footer.List>
        <Footer.ListItem href="/accessibility">Accessibility statement</Footer.ListItem>
        <Footer.ListItem href="/privacy">Privacy</Footer.ListItem>
      </Footer.List>
      <Footer.Meta>
        <Footer.Copyright>© NHS Clinical Leaders Network</Footer.Copyright>
      </Footer.Meta>
    </Footer>
  );
}
