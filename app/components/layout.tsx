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
        {homes.length > 1 ? (
          <Header.Navigation>
            {homes.map(([role, href]) => (
              <Header.NavigationItem key={role} href={href}>
                {roleHomeLabel(role)}
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
