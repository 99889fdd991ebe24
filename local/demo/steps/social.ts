/** Villa Azul's Instagram account (token sealed by the API) and a draft post. */
import { VILLA_AZUL } from '../data.js';
import { eq, type DemoApi } from '../api.js';

export async function loadSocial(api: DemoApi, campaign: string): Promise<Record<'socialAccount' | 'socialPost', string>> {
  const account = await api.ensure('social account "Villa Azul" (instagram)', `/v1/social-accounts?platform=eq.instagram&property_id=eq.${VILLA_AZUL}`, {
    route: '/v1/social-accounts',
    as: 'admin',
    body: {
      platform: 'instagram',
      account_name: 'Villa Azul',
      handle: 'villa.azul',
      property_id: VILLA_AZUL,
      external_account_id: '17841400000000000',
      // Any token but EXPIRED… works against the local Graph API stand-in.
      access_token: 'demo-local-token',
    },
  });
  const campaignRow = await api.findOne(`/v1/campaigns?campaign_id=${eq(campaign)}`);
  const post = await api.ensure('social post "Sunset at Villa Azul" (draft)', `/v1/social-posts?account_id=eq.${account.id}&post_type=eq.reel`, {
    route: '/v1/social-posts',
    body: {
      account_id: account.id,
      ...(campaignRow ? { campaign_id: campaignRow.id } : {}),
      post_type: 'reel',
      caption: 'Sunset at Villa Azul',
      hashtags: ['summer', 'villaazul'],
      media_urls: ['https://cdn.example.com/villa-azul/sunset.mp4'],
    },
  });
  return { socialAccount: String(account.social_account_id), socialPost: String(post.social_post_id) };
}
