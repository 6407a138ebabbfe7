import type { ModelClient, ProviderProfile } from '../engine/model/types';
import type { PoolMember } from '../engine/options';
import type { PoolEntrySetting } from './poolSettings';
import { reasoningControls, type BestOfNSettings } from './settings';
import { wavesOptions } from './wavesOptions';

/** Where one pool entry's requests go, with its profile resolved. */
export interface PoolTarget {
  profile: ProviderProfile;
  baseUrl: string;
  model: string;
}

/** Why a model cannot be used, and the command that fixes it when there is one. */
export interface ClientRefusal {
  refused: string;
  fix?: 'Set API Key' | 'Choose Model';
}

/** Builds the client for one target, or says why it cannot (e.g. no API key stored for its server). */
export type PoolClientFactory = (target: PoolTarget) => Promise<ModelClient | ClientRefusal>;

/**
 * The engine's pool from `bestOfN.pool`: each entry's profile, server and reasoning default
 * to the provider and reasoning settings; its escalation ladder is built for its own profile
 * (a fast local model and a reasoning API model climb different ladders). Undefined when the
 * setting is empty; the refusal, naming the entry, when an entry's client cannot be built.
 */
export async function poolMembers(
  settings: BestOfNSettings,
  profileFor: (id: PoolEntrySetting['profile'] & string) => ProviderProfile,
  create: PoolClientFactory,
): Promise<PoolMember[] | ClientRefusal | undefined> {
  if (settings.pool.length === 0) return undefined;
  const members: PoolMember[] = [];
  for (const entry of settings.pool) {
    const profile = profileFor(entry.profile ?? settings.provider.profile);
    const client = await create({ profile, baseUrl: entry.baseUrl ?? settings.provider.baseUrl, model: entry.model });
    if ('refused' in client) return { ...client, refused: `bestOfN.pool (${entry.model}): ${client.refused}` };
    const reasoning = entry.reasoning ?? reasoningControls(settings.reasoning);
    const { reasoningLadder } = wavesOptions(settings, reasoning, profile);
    members.push({
      model: client,
      share: entry.share,
      reasoning,
      ...(entry.label !== undefined ? { label: entry.label } : {}),
      ...(reasoningLadder ? { reasoningLadder } : {}),
      ...(entry.prices ? { prices: entry.prices } : {}),
    });
  }
  return members;
}
