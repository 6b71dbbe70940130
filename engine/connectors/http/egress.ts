/**
 * Where the REST connector may connect. Diagrams come from people other
 * than the operator, so a URL in one must not reach the engine's own
 * machine or the cloud metadata service: loopback, link-local and
 * unspecified addresses are refused unless the operator allows them.
 *
 * The check runs on the address the connection is actually made to (the
 * DNS answer handed to the socket, ./request.ts), so a name that resolves to
 * a public address when asked first and to 127.0.0.1 later (DNS rebinding)
 * gains nothing.
 */
import { BlockList, isIP } from 'node:net';
import { InvalidArgumentError } from '../../errors.js';

export interface EgressOptions {
  /** Host names (`api.example.com`, `*.example.com`) or addresses / CIDRs (`127.0.0.1`, `10.0.0.0/8`) let through even where the defaults refuse. */
  allow?: string[];
  /** Host names or addresses / CIDRs refused; a deny wins over an allow. */
  deny?: string[];
}

/** Refused unless allowed: this machine, link-local (cloud metadata at 169.254.169.254) and the unspecified address. */
const DEFAULT_REFUSED: Array<{ cidr: string; why: string }> = [
  { cidr: '127.0.0.0/8', why: 'a loopback address' },
  { cidr: '::1/128', why: 'a loopback address' },
  { cidr: '169.254.0.0/16', why: 'a link-local address (cloud metadata)' },
  { cidr: 'fe80::/10', why: 'a link-local address' },
  { cidr: '0.0.0.0/8', why: 'an unspecified address' },
  { cidr: '::/128', why: 'an unspecified address' },
];

/** A connection the policy refuses: the job fails with this message (no retry helps, but the operator may change the policy). */
export class EgressRefusedError extends Error {}

interface Rules {
  names: string[];
  suffixes: string[];
  addresses: BlockList;
  empty: boolean;
}

export class EgressPolicy {
  private readonly allow: Rules;
  private readonly deny: Rules;
  private readonly defaults: Array<{ list: BlockList; why: string }>;

  constructor(options: EgressOptions = {}) {
    this.allow = parseRules(options.allow, 'http.allow');
    this.deny = parseRules(options.deny, 'http.deny');
    this.defaults = DEFAULT_REFUSED.map(({ cidr, why }) => ({ list: blockOf([cidr], 'default'), why }));
  }

  /** Throws EgressRefusedError when the host name itself is denied (before any DNS look-up). */
  checkHost(host: string): void {
    const name = host.toLowerCase();
    if (isIP(name)) return this.checkAddress(name, name);
    if (matchesName(this.deny, name)) throw new EgressRefusedError(`the connection to '${host}' is refused: the host is denied (http.deny)`);
  }

  /** Throws EgressRefusedError when `address` (what `host` resolved to) may not be connected to. */
  checkAddress(address: string, host: string): void {
    const reason = this.refusal(address, host.toLowerCase());
    if (reason) throw new EgressRefusedError(`the connection to '${host}' is refused: ${reason}`);
  }

  private refusal(address: string, name: string): string | undefined {
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    const subject = address === name ? address : `it resolves to ${address}, which`;
    if (!this.deny.empty && this.deny.addresses.check(address, family)) return `${subject} is denied (http.deny)`;
    if (matchesName(this.allow, name) || (!this.allow.empty && this.allow.addresses.check(address, family))) return undefined;
    const hit = this.defaults.find(({ list }) => list.check(address, family));
    return hit && `${subject} is ${hit.why}, refused unless allowed (http.allow)`;
  }
}

function parseRules(entries: string[] | undefined, field: string): Rules {
  if (entries !== undefined && (!Array.isArray(entries) || entries.some((entry) => typeof entry !== 'string'))) {
    throw new InvalidArgumentError(`${field} must be a list of host names or addresses/CIDRs`);
  }
  const names: string[] = [];
  const suffixes: string[] = [];
  const cidrs: string[] = [];
  for (const raw of entries ?? []) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (isIP(entry) || entry.includes('/')) cidrs.push(entry);
    else if (entry.startsWith('*.')) suffixes.push(entry.slice(1));
    else if (/^[a-z0-9.-]+$/.test(entry)) names.push(entry);
    else throw new InvalidArgumentError(`${field}: '${raw}' is neither a host name, an address nor a CIDR`);
  }
  return { names, suffixes, addresses: blockOf(cidrs, field), empty: !cidrs.length };
}

function blockOf(cidrs: string[], field: string): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32) || (bits !== undefined && !/^\d+$/.test(bits))) {
      throw new InvalidArgumentError(`${field}: '${cidr}' is not an address or CIDR`);
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

function matchesName(rules: Rules, name: string): boolean {
  const bare = name.replace(/\.$/, '');
  return rules.names.includes(bare) || rules.suffixes.some((suffix) => bare.endsWith(suffix));
}
