import { z } from 'zod';
import { marketSymbol } from './market-data-schemas.js';

/** `marketData.recordTicks`: record (or stop recording) one symbol's live quotes and trades into the history store. */
export const recordTicksRequest = z.strictObject({ symbol: marketSymbol, on: z.boolean() });

/** The symbols whose quotes and trades are recorded (the persisted per-symbol switch). */
export const tickRecordingResponse = z.strictObject({ symbols: z.array(z.string()) });
export type TickRecordingList = z.infer<typeof tickRecordingResponse>;
