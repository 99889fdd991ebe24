/**
 * The cross-calendar schedule: calendar items of every calendar, filtered by
 * a date range (`scheduled_date=gte.2026-01-01&scheduled_date=lte.2026-01-31`)
 * and more, keyset-paged in (scheduled_date, scheduled_time, id) order.
 *
 * It reads the view marketing_ops.calendar_item_schedule (schema/91, 109),
 * calendar items of every calendar. scheduled_time is a `time` column, so filters and cursors
 * compare it as a time (`eq.18:30` matches 18:30:00, `gte.abc` is a 422), and
 * its orders read calendar items' indexes (109). All-day items (no time) sort
 * after the timed ones of their day, as NULLs do in ascending order.
 */
import type { ListSpec } from '../platform/lists/list-query.js';
import { calendarItemResource } from './resources.js';

export const scheduleColumns = {
  ...calendarItemResource.columns,
  // Either the calendar's uuid or its business ID (calendar_id=eq.CAL-010001), as /v1/calendars/{id} takes.
  calendar_id: { type: 'uuid', references: { table: 'marketing.content_calendars', businessIdColumn: 'calendar_id' } },
  scheduled_time: { type: 'time', orderable: true },
} as const;

export const scheduleListSpec: ListSpec = {
  table: 'marketing_ops.calendar_item_schedule',
  select: calendarItemResource.select,
  columns: scheduleColumns,
  defaultOrder: 'scheduled_date.asc,scheduled_time.asc',
};
