/**
 * The campaign status workflow. The database only checks that a status is one
 * of the six (campaigns_status_check); which moves are allowed is the API's
 * rule, applied inside the one UPDATE statement (`WHERE status = ANY(sources)`),
 * so two concurrent moves cannot both pass from the same status.
 *
 *   draft     -> scheduled, cancelled
 *   scheduled -> active, cancelled
 *   active    -> paused, completed, cancelled
 *   paused    -> active, completed, cancelled
 *   completed -> (none: a finished campaign stays finished)
 *   cancelled -> (none)
 *
 * "Open" states are those a campaign can still leave (draft to paused);
 * cancelled is reachable from each of them. Moving to the current status is
 * not a transition (409).
 */
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'active', 'paused', 'completed', 'cancelled'] as const;

export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const TRANSITIONS: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['active', 'cancelled'],
  active: ['paused', 'completed', 'cancelled'],
  paused: ['active', 'completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

/** The statuses from which `to` may be reached. */
export function allowedSources(to: CampaignStatus): CampaignStatus[] {
  return CAMPAIGN_STATUSES.filter((from) => TRANSITIONS[from].includes(to));
}
