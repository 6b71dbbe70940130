/**
 * Tokens by scope, for one step. Finding a scope's tokens by scanning every
 * token costs a lot once an instance holds thousands of them (the inner
 * instances of a large multi-instance body, each ending its own scope), and
 * the instance state must stay a plain JSON record, so the machine keeps
 * this index beside it, built on first use.
 *
 * Nothing has to report to it: a token leaving the state (deleted anywhere)
 * is dropped when it is next looked up, and a new token is picked up by its
 * id, since every token id is issued by `Machine.localId('t')` and the token
 * is stored right after. A token's scope never changes.
 */
import type { InstanceState, TokenState } from './state.js';

export class TokenIndex {
  private byScope?: Map<string, Set<TokenState>>;
  /** Token ids issued since the index was last brought up to date. */
  private issued: string[] = [];

  constructor(private readonly state: InstanceState) {}

  /** Called for every token id issued; cheap until the index is first used. */
  issuedTokenId(id: string): void {
    if (this.byScope) this.issued.push(id);
  }

  tokensIn(scopeId: string): TokenState[] {
    const index = this.current();
    const found: TokenState[] = [];
    const tokens = index.get(scopeId);
    if (!tokens) return found;
    for (const token of tokens) {
      if (this.state.tokens[token.id] === token) found.push(token);
      else tokens.delete(token);
    }
    return found;
  }

  private current(): Map<string, Set<TokenState>> {
    if (!this.byScope) {
      this.byScope = new Map();
      for (const token of Object.values(this.state.tokens)) this.add(token);
      return this.byScope;
    }
    for (const id of this.issued) {
      const token = this.state.tokens[id];
      if (token) this.add(token);
    }
    this.issued.length = 0;
    return this.byScope;
  }

  private add(token: TokenState): void {
    let tokens = this.byScope!.get(token.scopeId);
    if (!tokens) this.byScope!.set(token.scopeId, (tokens = new Set()));
    tokens.add(token);
  }
}
