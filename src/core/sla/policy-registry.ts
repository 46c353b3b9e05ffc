import { parsePolicyDocument } from './policy-parser.js';
import { PRESET_POLICY_DOCUMENT } from './presets.js';
import type { SlaPolicy } from './sla-policy.js';

export class PolicyRegistryError extends Error {
  override readonly name = 'PolicyRegistryError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid SLA policies:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** The policies in force: the presets, replaced or extended by an operator's document. */
export class PolicyRegistry {
  private readonly byName = new Map<string, SlaPolicy>();
  readonly warnings: string[] = [];

  private constructor() {}

  /**
   * Presets plus an optional operator document. Throws PolicyRegistryError listing
   * every problem when the document is invalid: the caller refuses to start.
   */
  static create(operatorDocument?: { readonly document: unknown; readonly source: string }): PolicyRegistry {
    const registry = new PolicyRegistry();
    const presets = parsePolicyDocument(PRESET_POLICY_DOCUMENT, 'preset');
    if (presets.errors.length) throw new PolicyRegistryError(presets.errors);
    for (const p of presets.policies) registry.byName.set(p.name, p);
    // The seeds' own inconsistencies (P4 response 48 h > resolution 40 h) are kept, and said.
    registry.warnings.push(
      ...presets.warnings.map((w) => {
        const index = Number(/^policies\[(\d+)\]/.exec(w)?.[1]);
        return `preset ${presets.policies[index]?.name ?? ''}: ${w.replace(/^policies\[\d+\]\./, '')}`;
      }),
    );
    if (operatorDocument) {
      const parsed = parsePolicyDocument(operatorDocument.document, operatorDocument.source);
      if (parsed.errors.length) throw new PolicyRegistryError(parsed.errors);
      registry.warnings.push(...parsed.warnings.map((w) => `${operatorDocument.source}: ${w}`));
      for (const p of parsed.policies) {
        if (registry.byName.get(p.name)?.source === 'preset') {
          registry.warnings.push(
            `${operatorDocument.source}: policy "${p.name}" replaces the preset of that name`,
          );
        }
        registry.byName.set(p.name, p);
      }
    }
    return registry;
  }

  get(name: string): SlaPolicy | undefined {
    return this.byName.get(name);
  }

  list(): SlaPolicy[] {
    return [...this.byName.values()];
  }
}
