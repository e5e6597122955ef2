import { memo } from 'react';
import { useUnitStore } from '../store/unit-store';
import { numericText } from './bed-display';
import { formatLocalHourMinute } from '../review/local-time';
import { NUMERIC_UNIT } from '../../../shared/domain/numeric';

/**
 * Large numerics in monitor colours. Only mounted while the bed is live, so a
 * silent bed has no numbers in the DOM at all. Memoised: its tile re-renders
 * for alarms and status, and the numbers have their own subscription.
 */
export const NumericsPanel = memo(function NumericsPanel({ bedId }: { bedId: string }) {
  const numerics = useUnitStore((s) => s.numerics[bedId]);
  const batchAt = useUnitStore((s) => s.numericsAt[bedId]);
  const timeoutMs = useUnitStore((s) => s.unit?.noDataTimeoutMs ?? 5000);
  const text = (kind: keyof NonNullable<typeof numerics>, decimals = 0) => numericText(numerics?.[kind], batchAt, timeoutMs, decimals);
  const nibpAt = numerics?.nibpSys?.measuredAt;

  return (
    <div className="numerics">
      <div className="numeric numeric-hr" data-testid="numeric-hr">
        <span className="numeric-name">HR</span>
        <span className="numeric-value">{text('hr')}</span>
        <span className="numeric-unit">{NUMERIC_UNIT.hr}</span>
      </div>
      <div className="numeric numeric-spo2" data-testid="numeric-spo2">
        <span className="numeric-name">SpO₂</span>
        <span className="numeric-value">{text('spo2')}</span>
        <span className="numeric-unit">{NUMERIC_UNIT.spo2}</span>
      </div>
      {/* The smaller numerics carry their unit on the caption line: two lines
          fit their grid rows at every wall size, three did not. */}
      <div className="numeric numeric-rr" data-testid="numeric-rr">
        <span className="numeric-name">
          RR <span className="numeric-unit">{NUMERIC_UNIT.rr}</span>
        </span>
        <span className="numeric-value">{text('rr')}</span>
      </div>
      <div className="numeric numeric-nibp" data-testid="numeric-nibp">
        <span className="numeric-name">
          NIBP{nibpAt ? ` ${formatLocalHourMinute(nibpAt)}` : ''} <span className="numeric-unit">{NUMERIC_UNIT.nibpSys}</span>
        </span>
        <span className="numeric-value">
          {text('nibpSys')}/{text('nibpDia')}
          <span className="numeric-mean"> ({text('nibpMean')})</span>
        </span>
      </div>
      <div className="numeric numeric-temp" data-testid="numeric-temp">
        <span className="numeric-name">
          Temp <span className="numeric-unit">{NUMERIC_UNIT.temp}</span>
        </span>
        <span className="numeric-value">{text('temp', 1)}</span>
      </div>
    </div>
  );
});
