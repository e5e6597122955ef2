import { describe, expect, it } from 'vitest';
import { parseDetails, prettyDetails, summarizeDetails } from '../../../renderer/src/review/audit-details';

describe('audit row details', () => {
  const details = '{"code":"SPO2_EXTREME_LOW","priority":"HIGH","escalation_level":1,"latching":false,"value":null}';

  it('summarises an object as key=value in the stored order', () => {
    expect(summarizeDetails(details)).toBe('code=SPO2_EXTREME_LOW priority=HIGH escalation_level=1 latching=false value=null');
  });

  it('cuts a long summary with an ellipsis', () => {
    const long = JSON.stringify({ reason: 'x'.repeat(300) });
    const summary = summarizeDetails(long, 40);
    expect(summary).toHaveLength(40);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('pretty-prints JSON and shows anything else exactly as stored', () => {
    expect(prettyDetails('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyDetails('not json')).toBe('not json');
    expect(summarizeDetails('not json')).toBe('not json');
    expect(parseDetails('[1,2]')).toBeNull();
    expect(parseDetails('null')).toBeNull();
  });
});
