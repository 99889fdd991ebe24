/**
 * Planning routes: strategies, calendars and their items (generic CRUD), the
 * cross-calendar schedule, and iCalendar feeds (an authenticated download and
 * a secret subscribe URL for calendar apps, which cannot send a bearer token).
 */
import { z } from 'zod';
import { crudRoutes } from '../platform/crud/index.js';
import { listQuerySchema, pageSchema } from '../platform/lists/list-route.js';
import { createdFeedToken, feedTokenCreate, feedTokenResource } from './feed-tokens.js';
import { calendarItemSchema, planningResources } from './resources.js';
import { scheduleColumns } from './schedule.js';
import type { RouteDefinition } from '../platform/http/route.js';

const idParam = z.string().min(1).max(64).meta({ description: 'The uuid or the business ID.' });
const ICAL_MEDIA_TYPE = 'text/calendar; charset=utf-8';
const icalBody = z.string().meta({ description: 'An RFC 5545 iCalendar object (VCALENDAR with one VEVENT per item).' });

export const listCalendarItemSchedule = {
  method: 'GET',
  path: '/v1/calendar-items',
  domain: 'planning',
  auth: 'jwt',
  role: 'viewer',
  operationId: 'listCalendarItemSchedule',
  summary: 'Calendar items across calendars, e.g. a date range: scheduled_date=gte.2026-01-01&scheduled_date=lte.2026-01-31',
  tags: ['planning'],
  request: { query: listQuerySchema(scheduleColumns) },
  responses: { 200: { description: 'One page, ordered by scheduled_date, scheduled_time.', schema: pageSchema(calendarItemSchema) } },
} satisfies RouteDefinition;

export const createCalendarFeedToken = {
  method: 'POST',
  path: feedTokenResource.collectionPath,
  domain: 'planning',
  auth: 'jwt',
  role: 'marketer',
  operationId: 'createCalendarFeedToken',
  summary: 'Create a secret subscribe URL for a calendar (the token is shown once)',
  tags: ['planning'],
  request: { params: z.object({ calendarId: idParam }), body: feedTokenCreate },
  responses: { 201: { description: 'The token and its subscribe URLs.', schema: createdFeedToken } },
} satisfies RouteDefinition;

export const getCalendarIcal = {
  method: 'GET',
  path: '/v1/calendars/{id}/ical',
  domain: 'planning',
  auth: 'jwt',
  role: 'viewer',
  operationId: 'getCalendarIcal',
  summary: 'The calendar as an iCalendar file (bearer token; for download or export)',
  tags: ['planning'],
  request: { params: z.object({ id: idParam }) },
  responses: { 200: { description: 'text/calendar', schema: icalBody, contentType: ICAL_MEDIA_TYPE } },
} satisfies RouteDefinition;

export const getCalendarFeed = {
  method: 'GET',
  path: '/v1/calendar-feeds/{token}',
  domain: 'planning',
  // No JWT authorizer: calendar apps cannot send one. The secret token in the path is the credential; the handler checks it.
  auth: 'signature',
  operationId: 'getCalendarFeed',
  publicBecause:
    'Calendar subscribe URL: calendar apps cannot send a JWT; a 256-bit secret token in the path, looked up by its SHA-256 and revocable, is the credential.',
  summary: 'The iCalendar feed a secret subscribe URL grants (`/v1/calendar-feeds/<token>.ics`)',
  tags: ['planning'],
  request: { params: z.object({ token: z.string().min(1).max(100).meta({ description: '<token>.ics' }) }) },
  responses: { 200: { description: 'text/calendar', schema: icalBody, contentType: ICAL_MEDIA_TYPE } },
} satisfies RouteDefinition;

export const planningRoutes: readonly RouteDefinition[] = [
  ...planningResources.flatMap(crudRoutes),
  listCalendarItemSchedule,
  getCalendarIcal,
  createCalendarFeedToken,
  ...crudRoutes(feedTokenResource),
  getCalendarFeed,
];

export { ICAL_MEDIA_TYPE };
