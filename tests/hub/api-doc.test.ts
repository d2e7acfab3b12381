/**
 * docs/hub-api.yaml says what src/hub/protocol.ts accepts: the same routes, fields and enums, so a
 * province's own system built from the document speaks to loaphuong as loaphuong does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AIRING_STATUSES, PRIORITIES } from '../../src/domain.js';
import { deliverySchema, HUB_PATH, MAX_REPORTED_AIRINGS, MAX_WAIT_SECONDS, reportedAiringSchema, stateReportSchema, statusReportSchema, WARD_STATES } from '../../src/hub/protocol.js';

interface Schema { required?: string[]; properties?: Record<string, Schema & { maxItems?: number; maximum?: number }>; enum?: string[]; items?: Schema }
const doc = parse(readFileSync(new URL('../../docs/hub-api.yaml', import.meta.url), 'utf8')) as {
  openapi: string; paths: Record<string, Record<string, { parameters?: Array<{ name: string; schema: { maximum?: number } }>; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};
const S = doc.components.schemas;
const keys = (s: { shape: Record<string, unknown> }) => Object.keys(s.shape).sort();

describe('docs/hub-api.yaml', () => {
  it('is OpenAPI 3 and lists the routes a ward calls, under the protocol prefix', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/hub/')).sort()).toEqual(
      ['/airings', '/deliveries', '/deliveries/{id}/state', '/status'].map((p) => HUB_PATH + p));
    expect(doc.paths[`${HUB_PATH}/deliveries`].get.parameters![0]).toMatchObject({ name: 'wait', schema: { maximum: MAX_WAIT_SECONDS } });
    const airings = doc.paths[`${HUB_PATH}/airings`].post.requestBody!.content['application/json'].schema;
    expect(airings.properties!.airings.maxItems).toBe(MAX_REPORTED_AIRINGS);
  });

  it('has the same fields and enums as the protocol', () => {
    expect(Object.keys(S.Delivery.properties!).sort()).toEqual(keys(deliverySchema));
    expect([...S.Delivery.required!].sort()).toEqual(keys(deliverySchema));
    expect(Object.keys(S.ReportedAiring.properties!).sort()).toEqual(keys(reportedAiringSchema));
    expect([...S.ReportedAiring.required!].sort()).toEqual(keys(reportedAiringSchema));
    expect(Object.keys(S.StateReport.properties!).sort()).toEqual(keys(stateReportSchema));
    expect(Object.keys(S.StatusReport.properties!).sort()).toEqual(keys(statusReportSchema));
    expect(S.WardState.enum).toEqual([...WARD_STATES]);
    expect(S.Priority.enum).toEqual([...PRIORITIES]);
    expect(S.ReportedAiring.properties!.status.enum).toEqual([...AIRING_STATUSES]);
  });
});
