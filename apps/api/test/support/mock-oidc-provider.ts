import { OAuth2Server } from "oauth2-mock-server";

export interface MockOidcProvider {
  /** Issuer URL on 127.0.0.1 (plain http: loopback only). */
  issuer: string;
  server: OAuth2Server;
  /**
   * Who signs in at the provider from now on: these claims go into the ID token; `userinfo`
   * (when given) is what the userinfo endpoint answers besides `sub`.
   */
  signInAs(claims: Record<string, unknown> & { sub: string }, userinfo?: Record<string, unknown>): void;
  stop(): Promise<void>;
}

/** A real OpenID Connect provider (oauth2-mock-server) on an ephemeral loopback port. */
export async function startMockOidcProvider(port = 0): Promise<MockOidcProvider> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  await server.start(port, "127.0.0.1");
  const issuer = server.issuer.url;
  if (!issuer) throw new Error("the mock provider has no issuer URL");
  let claims: Record<string, unknown> & { sub: string } = { sub: "nobody" };
  let userinfo: Record<string, unknown> = {};
  // Runs after the mock's own defaults (sub "johndoe"), so these claims win.
  server.service.on("beforeTokenSigning", (token) => {
    Object.assign(token.payload, claims);
  });
  server.service.on("beforeUserinfo", (response) => {
    response.body = { ...userinfo, sub: claims.sub };
  });
  return {
    issuer,
    server,
    signInAs(next, nextUserinfo = {}) {
      claims = next;
      userinfo = nextUserinfo;
    },
    stop: () => server.stop(),
  };
}
