import { ProjectQuality } from '@minga/api-contracts';

const parsed = new Map<string, ProjectQuality>();

/**
 * A project's quality rules from their stored JSON, parsed once per distinct document: every claim and
 * every submit needs them.
 */
export function qualityRulesOf(quality: string): ProjectQuality {
  let rules = parsed.get(quality);
  if (rules === undefined) {
    rules = Object.freeze(ProjectQuality.parse(JSON.parse(quality)));
    if (parsed.size > 1_000) parsed.clear();
    parsed.set(quality, rules);
  }
  return rules;
}
