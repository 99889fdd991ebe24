/**
 * A fresh row behind an item route (`<collection>/{id}`) with its ETag, made
 * by the collection's create route (with new parents when the shared ones
 * would collide on a unique pair), or, for the library's assets, by a real
 * upload (assets are made by uploading, not by a create route).
 */
import { uploadPng } from './assets.js';
import { freshToken } from './synth.js';
import type { World } from './world.js';

export interface FreshRow {
  id: string;
  etag: string | null;
  /** The item path with `{id}` filled in (parents resolved as for the create). */
  path: string;
}

/** `/v1/websites/{websiteId}/pages/{id}` -> `/v1/websites/{websiteId}/pages`. */
export const collectionOf = (itemPath: string) => itemPath.replace(/\/\{[^}]+\}$/, '');

export const ASSETS = '/v1/assets';

export async function freshRow(world: World, itemTemplate: string): Promise<FreshRow | { why: string }> {
  const collection = collectionOf(itemTemplate);
  if (collection === ASSETS) {
    const asset = await uploadPng(world.client, `fresh-${freshToken()}`);
    return { id: asset.id, etag: asset.etag, path: `${ASSETS}/${asset.id}` };
  }
  const creator = world.routeOf('POST', collection);
  if (!creator) return { why: `no route creates rows of ${collection}` };
  // A gallery attaches an existing asset (`asset_id`): upload one first, then address the item by the asset.
  const attaches = creator.path.endsWith('/assets') && creator.path !== ASSETS;
  let why = '';
  for (const fresh of [false, true, true]) {
    let made;
    try {
      const body = attaches ? { asset_id: (await uploadPng(world.client, `attach-${freshToken()}`)).id } : undefined;
      made = await world.create(creator, body, { fresh });
    } catch (error) {
      return { why: (error as Error).message };
    }
    const { answer, path } = made;
    const key = attaches ? answer.body.library_asset_id : answer.body.id;
    const id = typeof key === 'string' ? key : undefined;
    if (answer.status === 201 && id) {
      const itemPath = `${path}/${encodeURIComponent(id)}`;
      const etag = answer.headers.get('etag') ?? (await world.client.call('GET', itemPath)).headers.get('etag');
      return { id, etag, path: itemPath };
    }
    why = `create answered ${answer.status}: ${answer.text.slice(0, 160)}`;
    if (answer.status !== 409) break;
  }
  return { why };
}
