import { SnowflakeUtil } from 'discord.js';
import { BULK_DELETE_MAX_AGE_MS, splitForBulkDelete } from '../../src/lib/ops/purge';

const now = Date.UTC(2026, 0, 20, 12, 0, 0);
const DAY = 24 * 60 * 60 * 1000;
const idAt = (timestamp: number): string => SnowflakeUtil.generate({ timestamp }).toString();

describe('purge: which messages Discord deletes in bulk', () => {
  it('messages younger than 14 days go in bulk, older ones singly', () => {
    const fresh = idAt(now - 1000);
    const thirteenDays = idAt(now - 13 * DAY);
    const fifteenDays = idAt(now - 15 * DAY);
    expect(splitForBulkDelete([fresh, fifteenDays, thirteenDays], now)).toEqual({ bulk: [fresh, thirteenDays], single: [fifteenDays] });
  });

  it('a message about to turn 14 days old is deleted singly, so the bulk call cannot be refused for it', () => {
    const almostFourteenDays = idAt(now - BULK_DELETE_MAX_AGE_MS + 10_000);
    expect(splitForBulkDelete([almostFourteenDays], now)).toEqual({ bulk: [], single: [almostFourteenDays] });
  });
});
