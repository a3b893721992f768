import { z } from 'zod';
import { MapVersionSchema } from '../map-versions';
import { IdSchema } from '../primitives';

/** `finance.dual-write-maps.v1` — the version and state of one dual-write map. DESIGN §3. */
export const DUAL_WRITE_MAP_ENTITY = 'dual_write_map';

export const MAP_STATES = ['Running', 'Paused', 'Error'] as const;
export const MapStateSchema = z.enum(MAP_STATES);
export type MapState = z.infer<typeof MapStateSchema>;

export const DualWriteMapKeySchema = z.object({ mapName: IdSchema });
export type DualWriteMapKey = z.infer<typeof DualWriteMapKeySchema>;

export const DualWriteMapDataSchema = DualWriteMapKeySchema.extend({
  version: MapVersionSchema,
  state: MapStateSchema,
});
export type DualWriteMapData = z.infer<typeof DualWriteMapDataSchema>;
